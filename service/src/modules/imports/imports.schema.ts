import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';
import { duplicatePolicies, importStatuses, importTypes } from './imports.tables.js';

/** `field -> header`: which column of the file feeds each field (`custom.<key>` for custom fields). */
const mappingShape = z
  .record(z.string().min(1).max(100), z.string().max(500, 'a header is at most 500 characters'))
  .refine((mapping) => Object.keys(mapping).length <= 300, { message: 'maps at most 300 fields' });

/** Form fields sent as text: JSON objects and lists arrive as strings. */
const jsonText = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const ImportOptionFields = {
  dateOrder: z
    .enum(['dmy', 'mdy', 'ymd'])
    .describe('How 03/04/2025 reads: dmy (3 April), mdy (March 4) or ymd; ISO dates always read'),
  decimalSeparator: z.enum(['.', ',']).describe('The decimal mark of numbers: 1,234.56 (.) or 1.234,56 (,)'),
  duplicateKeys: z
    .array(z.string().min(1).max(100))
    .max(5)
    .describe('Fields that identify a duplicate besides the external id (e.g. ["email"] or ["domain"])'),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD')
    .nullable()
    .describe("Currency of amounts that name none; default: the organization's base currency"),
  pipeline: z.string().max(200).nullable().describe('Pipeline of opportunities that name none'),
};

/** The text fields of `POST /imports` (multipart), as parsed. */
export const CreateImportFields = z.strictObject({
  type: z.enum(importTypes),
  mapping: jsonText(mappingShape).optional(),
  mappingId: z.uuid('must be the id of a saved mapping').optional(),
  dryRun: flag.optional(),
  duplicatePolicy: z.enum(duplicatePolicies).optional(),
  dateOrder: ImportOptionFields.dateOrder.optional(),
  decimalSeparator: ImportOptionFields.decimalSeparator.optional(),
  duplicateKeys: jsonText(ImportOptionFields.duplicateKeys).optional(),
  defaultCurrency: ImportOptionFields.defaultCurrency.unwrap().optional(),
  pipeline: z.string().max(200).optional(),
});
export type CreateImportInput = z.infer<typeof CreateImportFields>;

/** How `POST /imports` is documented: a multipart form with the file and the fields above. */
export const CreateImportBody = z
  .strictObject({
    file: z.string().describe('The CSV file (binary), up to IMPORT_MAX_BYTES (2 GB by default)'),
    type: z.enum(importTypes),
    mapping: z
      .string()
      .optional()
      .describe('JSON object field -> header; default: the suggested mapping (POST /imports/preview)'),
    mappingId: z.string().optional().describe('A saved mapping (GET /import-mappings) instead of `mapping`'),
    dryRun: z.string().optional().describe('"true": validate every row and report, write nothing'),
    duplicatePolicy: z
      .enum(duplicatePolicies)
      .optional()
      .describe(
        'A row matching an existing record (or an earlier row): skip it (default), update it, or create anyway',
      ),
    dateOrder: z.string().optional(),
    decimalSeparator: z.string().optional(),
    duplicateKeys: z.string().optional().describe('JSON list of fields, e.g. ["email"]'),
    defaultCurrency: z.string().optional(),
    pipeline: z.string().optional(),
  })
  .describe('Returns at once (202); the import runs as a job: follow GET /imports/:id or the /ws events');

export const PreviewFields = z.strictObject({ type: z.enum(importTypes) });
export const PreviewBody = z.strictObject({
  file: z.string().describe('The CSV file (binary); only its beginning is read'),
  type: z.enum(importTypes),
});

const ImportFieldOut = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.string(),
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
});

export const PreviewOut = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  sampleRows: z.array(z.object({ line: z.number().int(), values: z.array(z.string()) })),
  suggestedMapping: z.record(z.string(), z.string()),
  preset: z.enum(['salesforce', 'hubspot', 'pipedrive']).nullable(),
  unmappedHeaders: z.array(z.string()),
  fields: z.array(ImportFieldOut),
});

export const ImportCountsOut = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int().describe('Rows not written because of a problem (see errors.csv)'),
  errors: z.number().int().describe('Lines of the error report'),
});

export const ImportOut = z.object({
  id: z.uuid(),
  type: z.enum(importTypes),
  status: z.enum(importStatuses),
  dryRun: z.boolean(),
  duplicatePolicy: z.enum(duplicatePolicies),
  mapping: z.record(z.string(), z.string()),
  options: z.object({
    dateOrder: ImportOptionFields.dateOrder,
    decimalSeparator: ImportOptionFields.decimalSeparator,
    duplicateKeys: ImportOptionFields.duplicateKeys,
    defaultCurrency: ImportOptionFields.defaultCurrency,
    pipeline: ImportOptionFields.pipeline,
  }),
  fileName: z.string(),
  fileSize: z.number().int(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  progress: z.object({
    percent: z.number().describe('0-100, from the bytes read while the row count is unknown'),
    rowsDone: z.number().int(),
    rowsTotal: z.number().int().nullable(),
    rowsPerSecond: z.number().nullable(),
    secondsLeft: z.number().nullable(),
  }),
  counts: ImportCountsOut,
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  undoneAt: z.iso.datetime().nullable(),
  errorsUrl: z.string().describe('The error report as CSV: line, column, value, message'),
});

export const ImportListQuery = queryObject({
  ...pageQuery,
  status: z.enum(importStatuses).optional(),
  type: z.enum(importTypes).optional(),
});

export const ImportMappingBody = z.strictObject({
  name: singleLineText({ max: 200 }),
  type: z.enum(importTypes),
  mapping: mappingShape,
  options: z.strictObject(ImportOptionFields).partial().optional(),
});
export type ImportMappingInput = z.infer<typeof ImportMappingBody>;

export const ImportMappingOut = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(importTypes),
  mapping: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.unknown()),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
});

export const ImportMappingListQuery = queryObject({ type: z.enum(importTypes).optional() });
