import type { z } from 'zod';
import type { AuditLogPage } from './audit.repo.js';
import type { AuditEntryOut } from './audit.schema.js';
import type { AuditLog, PlatformAuditLog } from './audit.tables.js';

export type AuditEntryView = z.output<typeof AuditEntryOut>;

function present(entry: AuditLog | PlatformAuditLog, tenantId: string | null): AuditEntryView {
  return {
    id: entry.id,
    tenantId,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    via: entry.via,
    ip: entry.ip,
    requestId: entry.requestId,
    createdAt: entry.createdAt.toISOString(),
  };
}

/** An entry of an organization's log, with the organization it belongs to. */
export const presentAuditEntry = (entry: AuditLog) => present(entry, entry.tenantId);

/** An entry of the platform's own log: it belongs to no organization. */
export const presentPlatformAuditEntry = (entry: PlatformAuditLog) => present(entry, null);

export function presentAuditPage<Entry>(
  page: AuditLogPage<Entry>,
  presentEntry: (entry: Entry) => AuditEntryView,
) {
  return { items: page.entries.map(presentEntry), nextCursor: page.nextCursor };
}
