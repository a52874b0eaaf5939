import { z } from 'zod';
import { defineRoute, parseInput, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { receiveUpload } from '../../core/http/upload.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { uploadTempDir } from '../../core/storage/storage.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './imports.commands.js';
import { IMPORT_PERMISSIONS } from './imports.policy.js';
import { presentImport, presentMapping } from './imports.presenter.js';
import {
  CreateImportBody,
  CreateImportFields,
  ImportListQuery,
  ImportMappingBody,
  ImportMappingListQuery,
  ImportMappingOut,
  ImportOut,
  PreviewBody,
  PreviewFields,
  PreviewOut,
} from './imports.schema.js';

/** The beginning of a file is enough for a preview; the rest of a large upload is not waited for. */
const PREVIEW_MAX_BYTES = 64 * 1024 * 1024;

export function importRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Imports'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/imports/preview',
      summary: 'Read the headers and first rows of a CSV, with the suggested mapping of its columns',
      description:
        'Recognises the exports of Salesforce (Data Loader), HubSpot and Pipedrive. Nothing is stored.',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.create,
      request: {
        body: PreviewBody,
        contentType: 'multipart/form-data',
        uploadFile: (ctx) =>
          receiveUpload(ctx, { maxBytes: PREVIEW_MAX_BYTES, tempDir: uploadTempDir(deps.config.dataDir) }),
      },
      responses: {
        200: { description: 'The file as read', schema: PreviewOut },
        413: { description: 'The file is too large for a preview (send its first megabytes)' },
        422: { description: 'Not a CSV the reader takes (the message says why and where)' },
      },
      handler: async ({ actor, tx, file }) => {
        const fields = parseInput(PreviewFields, file!.fields, 'body');
        const start = await commands.readFileStart(file!.path);
        return { body: await commands.previewImport({ actor, tx, type: fields.type, start }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/imports',
      summary: 'Start an import of a CSV file (a job: follow its progress with GET /imports/:id)',
      description:
        'The file streams to disk (never held in memory) up to IMPORT_MAX_BYTES. The mapping is checked ' +
        'against the header at once (422 naming `body.mapping.<field>`); rows are validated as the job ' +
        'reads them, and each problem goes to the error report with its line and column.',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.create,
      request: {
        body: CreateImportBody,
        contentType: 'multipart/form-data',
        uploadFile: (ctx) =>
          receiveUpload(ctx, {
            maxBytes: deps.config.imports.maxBytes,
            tempDir: uploadTempDir(deps.config.dataDir),
          }),
      },
      responses: {
        202: { description: 'Queued', schema: ImportOut },
        413: { description: 'The file is larger than IMPORT_MAX_BYTES' },
        422: { description: 'A bad field, a mapping that does not fit the file, or a file that is not CSV' },
      },
      handler: async ({ actor, tx, file }) => {
        const input = parseInput(CreateImportFields, file!.fields, 'body');
        const start = await commands.readFileStart(file!.path);
        const created = await commands.createImport({ actor, tx, services: deps, file: file!, start, input });
        return { status: 202, body: presentImport(created) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports',
      summary: 'Imports, newest first (yours; all of the organization with org.import_data)',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.list,
      request: { query: ImportListQuery },
      responses: { 200: { description: 'Imports', schema: pageOf(ImportOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listImports({ actor, tx, ...query });
        return { body: { items: page.items.map(presentImport), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/:id',
      summary: 'An import: status, progress (percent, rows a second, time left) and counts',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.read,
      request: { params: IdParams },
      responses: {
        200: { description: 'The import', schema: ImportOut },
        404: { description: 'No such import' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: presentImport(await commands.visibleImport(tx, actor, params.id)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/imports/:id/errors.csv',
      summary: "An import's error report as CSV: line, column, value, message",
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.read,
      request: { params: IdParams },
      responses: {
        200: { description: 'The report', headers: { 'Content-Type': 'text/csv; charset=utf-8' } },
        404: { description: 'No such import' },
      },
      handler: async ({ actor, tx, params }) => {
        const job = await commands.visibleImport(tx, actor, params.id);
        return {
          body: commands.errorReport(deps.db, actor, job),
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="import-${job.id}-errors.csv"`,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/imports/:id/cancel',
      summary: 'Stop an import after its current batch (the batches written stay; undo removes them)',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.cancel,
      request: { params: IdParams },
      responses: {
        202: { description: 'Cancelling', schema: ImportOut },
        404: { description: 'No such import' },
        409: { description: 'It has already finished' },
      },
      handler: async ({ actor, tx, params }) => ({
        status: 202,
        body: presentImport(await commands.cancelImport({ actor, tx, importId: params.id })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/imports/:id/undo',
      summary: 'Undo an import as a whole: what it created goes to the trash, what it updated is restored',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.undo,
      request: { params: IdParams },
      responses: {
        202: { description: 'Undoing', schema: ImportOut },
        404: { description: 'No such import' },
        409: { description: 'Not undoable now (running, a dry run, already undone, a user import)' },
      },
      handler: async ({ actor, tx, params }) => ({
        status: 202,
        body: presentImport(await commands.undoImport({ actor, tx, services: deps, importId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/import-mappings',
      summary: "The organization's saved import mappings",
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.mappings,
      request: { query: ImportMappingListQuery },
      responses: {
        200: { description: 'Mappings', schema: z.object({ items: z.array(ImportMappingOut) }) },
      },
      handler: async ({ actor, tx, query }) => ({
        body: { items: (await commands.listMappings({ actor, tx, type: query.type })).map(presentMapping) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/import-mappings',
      summary: 'Save a mapping for reuse (the same name and type replaces the saved one)',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.manageMappings,
      request: { body: ImportMappingBody },
      responses: {
        200: { description: 'Replaced', schema: ImportMappingOut },
        201: { description: 'Saved', schema: ImportMappingOut },
      },
      handler: async ({ actor, tx, body }) => {
        const saved = await commands.saveMapping({ actor, tx, ...body });
        return { status: saved.created ? 201 : 200, body: presentMapping(saved.mapping) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/import-mappings/:id',
      summary: 'Delete a saved mapping',
      tags,
      access: 'tenant',
      permissions: IMPORT_PERMISSIONS.manageMappings,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such mapping' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteMapping({ actor, tx, mappingId: params.id });
        return {};
      },
    }),
  ];
}
