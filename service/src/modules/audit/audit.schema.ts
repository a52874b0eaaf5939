import { z } from 'zod';
import { pageOf } from '../../core/http/page.js';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';
import { VIAS, type Via } from '../../core/identity/actor.js';

export const AuditQuery = queryObject({
  actor: z.uuid().optional().describe('User id of whoever acted'),
  entity: singleLineText({ min: 0, max: 200 }).optional().describe('Entity type, or type:id'),
  action: singleLineText({ min: 0, max: 100 }).optional(),
  via: z.enum(VIAS).optional().describe('Where the change came from'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  tenantId: z.uuid().optional().describe('Platform staff only: the organization to read'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.uuid().optional().describe('nextCursor of the previous page'),
});
export type AuditQuery = z.output<typeof AuditQuery>;

/**
 * What a read of the log filters on: the query, with its `actor` parameter named for what it holds (the
 * commands' own `actor` is whoever reads).
 */
export interface AuditFilters {
  actorId?: string | undefined;
  entity?: string | undefined;
  action?: string | undefined;
  via?: Via | undefined;
  from?: string | undefined;
  to?: string | undefined;
  tenantId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export function auditFiltersOf({ actor, ...query }: AuditQuery): AuditFilters {
  return { actorId: actor, ...query };
}

export const AuditEntryOut = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid().nullable(),
    actorId: z.uuid().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    via: z.string(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditPage = pageOf(AuditEntryOut);
