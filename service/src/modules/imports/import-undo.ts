/**
 * Undoes an import as a whole: every record it created (and the customers it created for them) goes to
 * the trash, where it can still be restored for 30 days; every record it updated gets back the values it
 * had, unless someone changed it since (then it is left as it is, and the summary says how many).
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/audit.js';
import { inTenant } from '../../core/context/unit-of-work.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import { emitEvent } from '../../core/events/events.js';
import { memberActor } from '../../core/identity/member-actor.js';
import type { ImportRunDeps } from './import-runner.js';
import { WRITERS } from './import-runner.js';
import type { ImportType } from './imports.tables.js';

/** Tables an import may have created records in (children first: nothing points at a trashed parent first). */
const CREATED_IN = ['tasks', 'interactions', 'opportunities', 'contacts', 'customers'] as const;

export async function undoImportRun(
  deps: ImportRunDeps,
  ids: { tenantId: string; importId: string },
): Promise<void> {
  const job = await deps.db.transaction({ tenantId: ids.tenantId }, async (tx) => {
    const [row] = await queryRows<{ type: ImportType; created_by: string; status: string }>(
      tx,
      sql`select type, created_by, status from imports where id = ${ids.importId}`,
    );
    if (!row || row.status !== 'undoing') return null;
    return { ...row, actor: await memberActor(tx, ids.tenantId, row.created_by, 'import') };
  });
  if (!job) return;
  const actor = job.actor ?? undefined;
  const work = async (tx: Tx) => {
    const trashed: Record<string, number> = {};
    for (const table of CREATED_IN) {
      const rows = await queryRows<{ n: number }>(
        tx,
        sql`with gone as (
              update ${sql.raw(table)} set deleted_at = now(), deleted_by = ${job.created_by}
               where import_id = ${ids.importId} and deleted_at is null returning 1)
            select count(*)::int as n from gone`,
      );
      if (rows[0]!.n) trashed[table] = rows[0]!.n;
    }
    const writer = WRITERS[job.type];
    let restored = 0;
    let changedSince = 0;
    if (writer) {
      const columns = writer.updatable.map((column) => `${column} = r.${column}`).join(', ');
      const [counts] = await queryRows<{ restored: number; changed: number }>(
        tx,
        sql`with changes as (
              select ch.record_id, ch.before, (ch.before->>'version')::int as version
                from import_changes ch where ch.import_id = ${ids.importId} and not ch.created),
            done as (
              update ${sql.raw(writer.table)} t set ${sql.raw(columns)}, version = t.version + 1, updated_at = now()
                from changes c, jsonb_populate_record(null::${sql.raw(writer.table)}, c.before) r
               where t.id = c.record_id and t.version = c.version + 1
              returning 1)
            select (select count(*)::int from done) as restored,
                   (select count(*)::int from changes) - (select count(*)::int from done) as changed`,
      );
      restored = counts!.restored;
      changedSince = counts!.changed;
    }
    const summary = { trashed, restored, changedSince };
    await tx.execute(
      sql`update imports set status = 'undone', undone_at = now(), updated_at = now() where id = ${ids.importId}`,
    );
    await recordAudit(tx, ids.tenantId, {
      actorId: job.created_by,
      action: 'import.undone',
      entityType: 'import',
      entityId: ids.importId,
      after: summary,
    });
    await emitEvent(tx, ids.tenantId, {
      name: 'import.undone',
      stream: { type: 'import', id: ids.importId },
      payload: { importId: ids.importId, userId: job.created_by, ...summary },
    });
  };
  if (actor) await inTenant(deps.db, actor, work);
  else await deps.db.transaction({ tenantId: ids.tenantId }, work);
}
