import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { documentParentTypes } from './documents.tables.js';

const parentType = z.enum(documentParentTypes, {
  message: `must be one of ${documentParentTypes.join(', ')}`,
});

/** The text fields of the upload form; the file itself arrives in the field `file`. */
export const UploadFields = z.strictObject({
  parentType,
  parentId: z.uuid('must be the id of the record the document belongs to'),
  documentId: z.uuid('must be the id of a document of that record').optional(),
});

/** How `POST /documents` is documented: a multipart form with the file and its record. */
export const UploadDocumentBody = UploadFields.extend({
  file: z.string().describe('The file (binary). Its type is read from its content, never from the form'),
}).describe('Send `documentId` to add a new version to that document instead of creating one');

export const ListDocumentsQuery = queryObject({
  parentType,
  parentId: z.uuid('must be a record id'),
  ...pageQuery,
});

export const ContentQuery = queryObject({
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('The version number; the current one when absent'),
});

export const DocumentVersionOut = z
  .object({
    number: z.number().int(),
    fileName: z.string(),
    contentType: z.string().describe('Sniffed from the content when it was uploaded'),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid().nullable(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'DocumentVersion' });

export const DocumentOut = z
  .object({
    id: z.uuid(),
    parentType,
    parentId: z.uuid(),
    name: z.string(),
    currentVersion: z.number().int(),
    versions: z.array(DocumentVersionOut).describe('Newest first'),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Document' });
