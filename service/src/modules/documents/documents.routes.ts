import { defineRoute, parseInput, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { receiveUpload } from '../../core/http/upload.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { documentStorage, uploadTempDir, type ContentStorage } from '../../core/storage/storage.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './documents.commands.js';
import { DOCUMENT_PERMISSIONS } from './documents.policy.js';
import { downloadHeaders, presentDocument } from './documents.presenter.js';
import {
  ContentQuery,
  DocumentOut,
  ListDocumentsQuery,
  UploadDocumentBody,
  UploadFields,
} from './documents.schema.js';

export function documentRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Documents'];
  // Built on first use: describing the routes (OpenAPI) passes no configuration.
  let storage: ContentStorage | undefined;
  const contents = () => (storage ??= documentStorage(deps.config.dataDir));
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/documents',
      summary: 'Upload a document to a record, or a new version of one of its documents',
      description:
        'The file is streamed to disk; larger than the configured DOCUMENT_MAX_BYTES is a 413 and nothing is kept.',
      tags,
      access: 'tenant',
      permissions: DOCUMENT_PERMISSIONS.upload,
      request: {
        body: UploadDocumentBody,
        contentType: 'multipart/form-data',
        uploadFile: (ctx) =>
          receiveUpload(ctx, {
            maxBytes: deps.config.documentMaxBytes,
            tempDir: uploadTempDir(deps.config.dataDir),
          }),
      },
      responses: {
        201: { description: 'Stored', schema: DocumentOut },
        404: { description: 'No such record, or not one you may see' },
        413: { description: 'The file is too large' },
      },
      handler: async ({ actor, tx, file }) => {
        const fields = parseInput(UploadFields, file!.fields, 'body');
        const uploaded = await commands.uploadDocument({
          actor,
          tx,
          storage: contents(),
          file: file!,
          ...fields,
        });
        return { status: 201, body: presentDocument(uploaded) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/documents',
      summary: "A record's documents, newest first, with their versions",
      tags,
      access: 'tenant',
      permissions: DOCUMENT_PERMISSIONS.list,
      request: { query: ListDocumentsQuery },
      responses: {
        200: { description: 'Documents', schema: pageOf(DocumentOut) },
        404: { description: 'No such record, or not one you may see' },
      },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listDocuments({ actor, tx, ...query });
        return { body: { items: page.items.map(presentDocument), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/documents/:id/content',
      summary: "Download a document's content (the current version unless ?version= says another)",
      description: 'Always an attachment, with the content type read from the bytes and `nosniff`.',
      tags,
      access: 'tenant',
      permissions: DOCUMENT_PERMISSIONS.download,
      request: { params: IdParams, query: ContentQuery },
      responses: {
        200: {
          description: 'The content',
          headers: {
            'Content-Type': 'The type read from the content at upload',
            'Content-Disposition': "attachment; filename*=UTF-8''<the file name>",
            'X-Content-Type-Options': 'nosniff',
          },
        },
        404: { description: 'No such document or version, or not one you may see' },
      },
      handler: async ({ actor, tx, params, query }) => {
        const { version, content } = await commands.openDocumentContent({
          actor,
          tx,
          storage: contents(),
          documentId: params.id,
          version: query.version,
        });
        return { body: content, headers: downloadHeaders(version) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/documents/:id',
      summary: 'Put a document in the trash',
      tags,
      access: 'tenant',
      permissions: DOCUMENT_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such document' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteDocument({ actor, tx, documentId: params.id });
        return {};
      },
    }),
  ];
}
