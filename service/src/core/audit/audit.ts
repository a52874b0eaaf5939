import { currentContext } from '../context/request-context.js';
import type { Database, Tx } from '../db/database.js';
import { bulkInsert } from '../db/bulk-insert.js';
import { newId } from '../db/columns.js';
import { platformAuditLogs } from '../db/schema.js';

export interface AuditEntry {
  /** Who acted, when the request context does not say (sign-in, before a user is known). */
  actorId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: object | null;
  after?: object | null;
}

const SECRET_KEY = /password|token|secret|hash|csrf/i;

/** Copies a record for the audit log with every secret-looking field replaced. */
export function redact(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const redactValue = (input: unknown): unknown => {
    if (Array.isArray(input)) return input.map(redactValue);
    if (input instanceof Date) return input.toISOString();
    if (input && typeof input === 'object') {
      return Object.fromEntries(
        Object.entries(input).map(([key, inner]) => [
          key,
          SECRET_KEY.test(key) ? '[redacted]' : redactValue(inner),
        ]),
      );
    }
    return input;
  };
  return redactValue(value) as Record<string, unknown>;
}

function actorFields() {
  const context = currentContext();
  return {
    actorId: context?.userId ?? null,
    via: context?.via ?? 'system',
    ip: context?.ip ?? null,
    requestId: context?.requestId ?? null,
  };
}

/** Writes one entry to the organization's append-only log, in the caller's transaction. */
export async function recordAudit(tx: Tx, tenantId: string, entry: AuditEntry): Promise<void> {
  await recordAuditMany(tx, tenantId, [entry]);
}

const AUDIT_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['actor_id', 'uuid'],
  ['action', 'text'],
  ['entity_type', 'text'],
  ['entity_id', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['via', 'text'],
  ['ip', 'inet'],
  ['request_id', 'text'],
] as const;

/** Many entries in one statement (imports). */
export async function recordAuditMany(tx: Tx, tenantId: string, entries: AuditEntry[]): Promise<void> {
  const actor = actorFields();
  const rows = entries.map((entry) => ({
    tenant_id: tenantId,
    id: newId(),
    actor_id: entry.actorId ?? actor.actorId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    before: redact(entry.before),
    after: redact(entry.after),
    via: actor.via,
    ip: actor.ip,
    request_id: actor.requestId,
  }));
  await bulkInsert(tx, 'audit_logs', AUDIT_COLUMNS, rows);
}

/** Writes one entry to the platform's log (platform scope only). */
export async function recordPlatformAudit(
  tx: Tx,
  entry: AuditEntry & { targetTenantId?: string | null },
): Promise<void> {
  await tx.insert(platformAuditLogs).values({
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    targetTenantId: entry.targetTenantId ?? null,
    before: redact(entry.before),
    after: redact(entry.after),
    ...actorFields(),
    ...(entry.actorId !== undefined && { actorId: entry.actorId }),
  });
}

/** One entry in each of several organizations (account events of a user who belongs to many). */
export async function recordAuditInTenants(
  db: Database,
  tenantIds: string[],
  entry: AuditEntry,
): Promise<void> {
  for (const tenantId of new Set(tenantIds)) {
    await db.transaction({ tenantId, userId: entry.actorId ?? null }, (tx) =>
      recordAudit(tx, tenantId, entry),
    );
  }
}
