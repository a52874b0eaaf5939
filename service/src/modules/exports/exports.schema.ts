import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { EXPORT_SOURCES } from './export-sources.js';
import { exportFormats, exportResources, exportStatuses } from './exports.tables.js';

/** The list's own paging: an export reads the whole list, so these are refused in `filters`. */
const PAGING = new Set(['limit', 'cursor']);

/**
 * `filters` are the list endpoint's query parameters for `resource` (checked by that list's schema);
 * `columns` are names of its presented fields, nested objects flattened (`owner.name`).
 */
export const CreateExportBody = z
  .strictObject({
    resource: z.enum(exportResources),
    format: z.enum(exportFormats),
    filters: z
      .record(z.string(), z.string().max(500))
      .optional()
      .describe("The list endpoint's query parameters (as strings), without limit and cursor"),
    columns: z
      .array(z.string().max(100))
      .min(1)
      .max(100)
      .optional()
      .describe('Presented fields, nested ones with dots (`owner.name`); default: a set per resource'),
  })
  .superRefine((body, ctx) => {
    const source = EXPORT_SOURCES[body.resource];
    body.columns?.forEach((column, index) => {
      if (!source.columns.includes(column))
        ctx.addIssue({
          code: 'custom',
          path: ['columns', index],
          message: `is not a column of ${body.resource} (one of ${source.columns.join(', ')})`,
        });
    });
    const filters = body.filters ?? {};
    for (const key of Object.keys(filters).filter((name) => PAGING.has(name))) {
      ctx.addIssue({ code: 'custom', path: ['filters', key], message: 'an export takes the whole list' });
    }
    const parsed = source.query.safeParse(filters);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['filters', ...issue.path.map(String)], message: issue.message });
    }
  });
export type CreateExportInput = z.output<typeof CreateExportBody>;

export const ExportListQuery = queryObject({ ...pageQuery });

export const DownloadLinkQuery = queryObject({
  token: z.string().min(10).max(500).describe('The signed link token of `downloadUrl`'),
});

export const ExportOut = z
  .object({
    id: z.uuid(),
    resource: z.enum(exportResources),
    format: z.enum(exportFormats),
    status: z.enum(exportStatuses),
    filters: z.record(z.string(), z.unknown()),
    columns: z.array(z.string()),
    rowsDone: z.number().int(),
    rowsTotal: z.number().int().nullable().describe('Known when the list can be counted first (tasks)'),
    fileSize: z.number().int().nullable(),
    error: z.string().nullable(),
    downloadUrl: z
      .string()
      .nullable()
      .describe('A link that works without a session until `expiresAt`; null until completed'),
    expiresAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Export' });
