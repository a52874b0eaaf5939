/**
 * The scheduled end of the trash: records deleted longer ago than the restore window (30 days) are
 * deleted for good, one transaction per organization, and document contents no version anywhere refers
 * to any more are removed from the storage.
 */
import { and, eq, exists, inArray, lt, not, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../core/db/database.js';
import {
  contacts,
  customers,
  documents,
  documentVersions,
  interactionParticipants,
  interactions,
  opportunities,
  opportunityAmountHistory,
  opportunityStageHistory,
  tasks,
  tenants,
} from '../core/db/schema.js';
import { purgeTrashedTasks } from './task-purge.js';
import { recordAudit } from '../core/audit/audit.js';
import { QUEUES } from '../core/jobs/job-queue.js';
import type { Schedule } from '../core/jobs/schedules.js';
import type { Logger } from '../core/logger.js';
import type { WorkerDeps } from '../core/module/module.js';
import { asPlatform } from '../core/platform/as-platform.js';
import { documentStorage, type ContentStorage } from '../core/storage/storage.js';

export type PurgedCounts = {
  tasks: number;
  interactions: number;
  opportunities: number;
  contacts: number;
  customers: number;
  documents: number;
  documentVersions: number;
};

/** Old trash kept because something that stays still refers to it (a foreign key would refuse). */
export type SkippedCounts = {
  opportunities: number;
  customers: number;
};

export interface OrganizationPurge {
  tenantId: string;
  purged: PurgedCounts;
  skipped: SkippedCounts;
}

export interface TrashPurge {
  organizations: OrganizationPurge[];
  /** Content files deleted from the storage. */
  contentsRemoved: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 1_000;
const SYSTEM = { userId: null };

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}

async function inChunks<T>(items: T[], work: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (const chunk of chunks(items)) await work(chunk);
}

/** Interactions (their participants cascade). */
async function purgeInteractions(tx: Tx, tenantId: string, cutoff: Date): Promise<number> {
  const rows = await tx
    .delete(interactions)
    .where(and(eq(interactions.tenantId, tenantId), lt(interactions.deletedAt, cutoff)))
    .returning({ id: interactions.id });
  return rows.length;
}

/** Splits old trash into what may go and what a remaining row still refers to; locks what may go. */
async function partition(
  query: (referenced: boolean) => Promise<{ id: string }[]>,
): Promise<{ doomed: string[]; kept: string[] }> {
  const doomed = (await query(false)).map((row) => row.id);
  const kept = (await query(true)).map((row) => row.id);
  return { doomed, kept };
}

/** Opportunities no remaining interaction or task refers to, after their stage and amount history. */
async function purgeOpportunities(tx: Tx, tenantId: string, cutoff: Date) {
  const referenced = or(
    exists(
      tx
        .select({ one: sql`1` })
        .from(interactions)
        .where(and(eq(interactions.tenantId, tenantId), eq(interactions.opportunityId, opportunities.id))),
    ),
    exists(
      tx
        .select({ one: sql`1` })
        .from(tasks)
        .where(and(eq(tasks.tenantId, tenantId), eq(tasks.opportunityId, opportunities.id))),
    ),
  )!;
  const { doomed, kept } = await partition((isReferenced) =>
    tx
      .select({ id: opportunities.id })
      .from(opportunities)
      .where(
        and(
          eq(opportunities.tenantId, tenantId),
          lt(opportunities.deletedAt, cutoff),
          isReferenced ? referenced : not(referenced),
        ),
      )
      .for('update'),
  );
  await inChunks(doomed, async (ids) => {
    await tx
      .delete(opportunityStageHistory)
      .where(
        and(
          eq(opportunityStageHistory.tenantId, tenantId),
          inArray(opportunityStageHistory.opportunityId, ids),
        ),
      );
    await tx
      .delete(opportunityAmountHistory)
      .where(
        and(
          eq(opportunityAmountHistory.tenantId, tenantId),
          inArray(opportunityAmountHistory.opportunityId, ids),
        ),
      );
    await tx
      .delete(opportunities)
      .where(and(eq(opportunities.tenantId, tenantId), inArray(opportunities.id, ids)));
  });
  return { purged: doomed.length, kept };
}

/** Contacts (their customer links cascade; their places among interactions' participants go too). */
async function purgeContacts(tx: Tx, tenantId: string, cutoff: Date): Promise<number> {
  const rows = await tx
    .delete(contacts)
    .where(and(eq(contacts.tenantId, tenantId), lt(contacts.deletedAt, cutoff)))
    .returning({ id: contacts.id });
  await inChunks(
    rows.map((row) => row.id),
    (ids) =>
      tx
        .delete(interactionParticipants)
        .where(
          and(
            eq(interactionParticipants.tenantId, tenantId),
            eq(interactionParticipants.kind, 'contact'),
            inArray(interactionParticipants.participantId, ids),
          ),
        ),
  );
  return rows.length;
}

/** Customers no remaining opportunity, interaction or task refers to. */
async function purgeCustomers(tx: Tx, tenantId: string, cutoff: Date) {
  const referenced = or(
    exists(
      tx
        .select({ one: sql`1` })
        .from(opportunities)
        .where(and(eq(opportunities.tenantId, tenantId), eq(opportunities.customerId, customers.id))),
    ),
    exists(
      tx
        .select({ one: sql`1` })
        .from(interactions)
        .where(and(eq(interactions.tenantId, tenantId), eq(interactions.customerId, customers.id))),
    ),
    exists(
      tx
        .select({ one: sql`1` })
        .from(tasks)
        .where(and(eq(tasks.tenantId, tenantId), eq(tasks.customerId, customers.id))),
    ),
  )!;
  const { doomed, kept } = await partition((isReferenced) =>
    tx
      .select({ id: customers.id })
      .from(customers)
      .where(
        and(
          eq(customers.tenantId, tenantId),
          lt(customers.deletedAt, cutoff),
          isReferenced ? referenced : not(referenced),
        ),
      )
      .for('update'),
  );
  await inChunks(doomed, (ids) =>
    tx.delete(customers).where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids))),
  );
  return { purged: doomed.length, kept };
}

/** A document's parent record no longer exists (it was purged): the document goes with it. */
function parentGone(): SQL {
  const missing = (
    parentType: string,
    table: typeof customers | typeof contacts | typeof opportunities | typeof interactions | typeof tasks,
  ) =>
    sql`(${documents.parentType} = ${parentType} and not exists (select 1 from ${table} p where p.tenant_id = ${documents.tenantId} and p.id = ${documents.parentId}))`;
  return sql`(${missing('customer', customers)} or ${missing('contact', contacts)} or ${missing('opportunity', opportunities)} or ${missing('interaction', interactions)} or ${missing('task', tasks)})`;
}

/** Old deleted documents and documents of purged records, versions first; returns the freed hashes. */
async function purgeDocuments(tx: Tx, tenantId: string, cutoff: Date) {
  const doomed = (
    await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), or(lt(documents.deletedAt, cutoff), parentGone())))
      .for('update')
  ).map((row) => row.id);
  const hashes = new Set<string>();
  let versions = 0;
  await inChunks(doomed, async (ids) => {
    const removed = await tx
      .delete(documentVersions)
      .where(and(eq(documentVersions.tenantId, tenantId), inArray(documentVersions.documentId, ids)))
      .returning({ contentHash: documentVersions.contentHash });
    versions += removed.length;
    for (const version of removed) hashes.add(version.contentHash);
    await tx.delete(documents).where(and(eq(documents.tenantId, tenantId), inArray(documents.id, ids)));
  });
  return { documents: doomed.length, versions, hashes };
}

/** One organization's purge, in its own transaction: all of it or none of it. */
async function purgeOrganization(options: {
  db: Database;
  tenantId: string;
  cutoff: Date;
  logger?: Logger | undefined;
}): Promise<OrganizationPurge & { hashes: Set<string> }> {
  const { db, tenantId, cutoff, logger } = options;
  return db.transaction({ tenantId }, async (tx) => {
    const taskCount = await purgeTrashedTasks(tx, tenantId, cutoff);
    const interactionCount = await purgeInteractions(tx, tenantId, cutoff);
    const deals = await purgeOpportunities(tx, tenantId, cutoff);
    const contactCount = await purgeContacts(tx, tenantId, cutoff);
    const companies = await purgeCustomers(tx, tenantId, cutoff);
    const files = await purgeDocuments(tx, tenantId, cutoff);
    const purged: PurgedCounts = {
      tasks: taskCount,
      interactions: interactionCount,
      opportunities: deals.purged,
      contacts: contactCount,
      customers: companies.purged,
      documents: files.documents,
      documentVersions: files.versions,
    };
    const skipped: SkippedCounts = { opportunities: deals.kept.length, customers: companies.kept.length };
    if (deals.kept.length || companies.kept.length) {
      logger?.info(
        { tenantId, opportunityIds: deals.kept, customerIds: companies.kept },
        'trash purge kept old trash that live records still refer to',
      );
    }
    const anything = [...Object.values<number>(purged), ...Object.values<number>(skipped)].some((n) => n > 0);
    if (anything) {
      await recordAudit(tx, tenantId, {
        action: 'trash.purged',
        entityType: 'organization',
        entityId: tenantId,
        after: { ...purged, skipped, deletedBefore: cutoff },
      });
    }
    return { tenantId, purged, skipped, hashes: files.hashes };
  });
}

/**
 * Removes the contents no remaining version (in any organization: contents are shared by hash) refers
 * to. Asked as the platform, which records the read.
 */
async function removeUnreferencedContents(options: {
  db: Database;
  storage: ContentStorage;
  hashes: Set<string>;
}): Promise<number> {
  const candidates = [...options.hashes];
  if (!candidates.length) return 0;
  const unreferenced = await asPlatform(
    options.db,
    SYSTEM,
    {
      action: 'trash.contents_checked',
      entityType: 'document_content',
      after: { candidates: candidates.length },
    },
    async (tx) => {
      const inUse = new Set<string>();
      await inChunks(candidates, async (hashes) => {
        const rows = await tx
          .selectDistinct({ contentHash: documentVersions.contentHash })
          .from(documentVersions)
          .where(inArray(documentVersions.contentHash, hashes));
        for (const row of rows) inUse.add(row.contentHash);
      });
      return candidates.filter((hash) => !inUse.has(hash));
    },
  );
  for (const hash of unreferenced) await options.storage.remove(hash);
  return unreferenced.length;
}

/**
 * Deletes for good what has been in the trash longer than `olderThanDays`, organization by
 * organization. One organization failing does not stop the others; the run then fails at the end (the
 * job is retried, and purging what is already gone does nothing).
 */
export async function purgeTrash(options: {
  db: Database;
  storage: ContentStorage;
  olderThanDays?: number;
  now?: Date;
  logger?: Logger;
}): Promise<TrashPurge> {
  const { db, logger } = options;
  const olderThanDays = options.olderThanDays ?? 30;
  const cutoff = new Date((options.now ?? new Date()).getTime() - olderThanDays * DAY_MS);
  const tenantIds = await asPlatform(
    db,
    SYSTEM,
    { action: 'trash.purge_started', entityType: 'organization', after: { deletedBefore: cutoff } },
    async (tx) => (await tx.select({ id: tenants.id }).from(tenants)).map((tenant) => tenant.id),
  );
  const organizations: OrganizationPurge[] = [];
  const hashes = new Set<string>();
  const failures: unknown[] = [];
  for (const tenantId of tenantIds) {
    try {
      const { hashes: freed, ...result } = await purgeOrganization({ db, tenantId, cutoff, logger });
      organizations.push(result);
      for (const hash of freed) hashes.add(hash);
    } catch (error) {
      logger?.error({ err: error, tenantId }, 'trash purge of an organization failed');
      failures.push(error);
    }
  }
  const contentsRemoved = await removeUnreferencedContents({ db, storage: options.storage, hashes });
  if (failures.length)
    throw new AggregateError(failures, `trash purge failed in ${failures.length} organizations`);
  return { organizations, contentsRemoved };
}

/** Every day at 03:17 UTC, on the scheduler; the job runs on a worker. */
export const purgeTrashSchedule: Schedule = {
  name: 'crm.purge_trash',
  cron: '17 3 * * *',
  queue: QUEUES.purgeTrash,
  data: {},
};

export async function registerPurgeTrashWorker(deps: WorkerDeps): Promise<void> {
  const storage = documentStorage(deps.config.dataDir);
  await deps.queue.work(QUEUES.purgeTrash, async () => {
    const result = await purgeTrash({ db: deps.db, storage, logger: deps.logger });
    deps.logger.info(
      { organizations: result.organizations.length, contentsRemoved: result.contentsRemoved },
      'trash purged',
    );
  });
}
