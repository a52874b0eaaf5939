import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './exports.commands.js';
import { expiredLinkProblem } from './exports.errors.js';
import { EXPORT_PERMISSIONS } from './exports.policy.js';
import { downloadHeaders, presentExport } from './exports.presenter.js';
import { CreateExportBody, DownloadLinkQuery, ExportListQuery, ExportOut } from './exports.schema.js';
import type { Export } from './exports.tables.js';

const fileHeaders = {
  'Content-Type': 'text/csv, the XLSX type or application/pdf',
  'Content-Disposition': 'attachment; filename="<resource>-<date>.<format>"',
  'X-Content-Type-Options': 'nosniff',
};

export function exportRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Exports'];
  const present = async (row: Export) => presentExport(row, await commands.downloadUrlOf(deps.config, row));
  const notFound = { description: 'No such export of yours' };
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/exports',
      summary:
        'Export a list you can see (customers, contacts, opportunities, interactions, tasks) as CSV, XLSX or PDF',
      description:
        'Runs as a job: the list is read as you, with its filters, so the file holds exactly what your own ' +
        'list call returns. Progress at GET /api/v1/exports/:id and as `export.progress` over /ws.',
      tags,
      access: 'tenant',
      permissions: EXPORT_PERMISSIONS.create,
      request: { body: CreateExportBody },
      responses: { 202: { description: 'Queued', schema: ExportOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 202,
        body: await present(await commands.createExport({ actor, tx, services: deps, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports',
      summary: 'Your exports, newest first',
      tags,
      access: 'tenant',
      permissions: EXPORT_PERMISSIONS.list,
      request: { query: ExportListQuery },
      responses: { 200: { description: 'Exports', schema: pageOf(ExportOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listExports({ actor, tx, ...query });
        return { body: { items: await Promise.all(page.items.map(present)), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/:id',
      summary: "An export's progress; once completed, its download link and when it expires",
      tags,
      access: 'tenant',
      permissions: EXPORT_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The export', schema: ExportOut }, 404: notFound },
      handler: async ({ actor, tx, params }) => ({
        body: await present(await commands.getExport({ actor, tx, exportId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/:id/download',
      summary: 'Download the file of one of your exports',
      tags,
      access: 'tenant',
      permissions: EXPORT_PERMISSIONS.download,
      request: { params: IdParams },
      responses: {
        200: { description: 'The file', headers: fileHeaders },
        404: notFound,
        409: { description: 'Not finished yet, or failed' },
        410: { description: 'Expired: its file was deleted' },
      },
      handler: async ({ actor, tx, params, ctx }) => {
        try {
          const { row, content } = await commands.openDownload({ actor, tx, exportId: params.id });
          return { body: content, headers: downloadHeaders(row) };
        } catch (error) {
          if (!(error instanceof commands.ExportGone)) throw error;
          return gone(ctx.state.requestId as string | undefined);
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/exports/:id/file',
      summary:
        "Download an export's file with its signed link (`downloadUrl`): no session needed until it expires",
      tags,
      access: 'public',
      request: { params: IdParams, query: DownloadLinkQuery },
      responses: {
        200: { description: 'The file', headers: fileHeaders },
        404: { description: 'No such export, or not a link of ours' },
        410: { description: 'The link has expired' },
      },
      handler: async ({ params, query, ctx }) => {
        try {
          const { row, content } = await commands.openLinkDownload({
            db: deps.db,
            config: deps.config,
            exportId: params.id,
            token: query.token,
          });
          return { body: content, headers: downloadHeaders(row) };
        } catch (error) {
          if (!(error instanceof commands.ExportGone)) throw error;
          return gone(ctx.state.requestId as string | undefined);
        }
      },
    }),
  ];
}

function gone(requestId: string | undefined) {
  return {
    status: 410,
    body: expiredLinkProblem(requestId),
    headers: { 'Content-Type': 'application/problem+json' },
  };
}
