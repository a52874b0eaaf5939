import { currentContext } from '../../context/request-context.js';
import type { Tx } from '../../db/database.js';
import { auditLogs, platformAuditLogs } from '../../db/schema/index.js';

export interface AuditEntry {
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

/** Many entries in batched inserts (imports). */
export async function recordAuditMany(tx: Tx, tenantId: string, entries: AuditEntry[]): Promise<void> {
  const actor = actorFields();
  for (let start = 0; start < entries.length; start += 1_000) {
    await tx.insert(auditLogs).values(
      entries.slice(start, start + 1_000).map((entry) => ({
        tenantId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        before: redact(entry.before),
        after: redact(entry.after),
        ...actor,
      })),
    );
  }
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
  });
}
