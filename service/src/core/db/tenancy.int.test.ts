import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { newId } from './columns.js';
import {
  apiKeys,
  auditLogs,
  contactCustomers,
  contacts,
  currencySettings,
  customers,
  customFieldDefinitions,
  documents,
  documentVersions,
  exports,
  importChanges,
  importErrors,
  importMappings,
  opportunityPredictions,
  predictionHistory,
  assistantTurns,
  chatLinks,
  chatWorkspaces,
  predictionModels,
  imports,
  goalMilestones,
  goals,
  notificationDeliveries,
  notificationPreferences,
  notifications,
  presence,
  pushSubscriptions,
  realtimeEvents,
  recordKeys,
  taskAssignees,
  taskCategories,
  taskComments,
  taskDependencies,
  taskReminders,
  taskSettings,
  taskStatusChanges,
  taskTimeEntries,
  tasks,
  taskWatchers,
  interactionParticipants,
  interactions,
  invitations,
  opportunities,
  opportunityAmountHistory,
  opportunityStageHistory,
  pipelines,
  stages,
  memberships,
  roles,
  teamMembers,
  teams,
  tenants,
  users,
} from './schema.js';
import { queryRows, type Tx } from './database.js';
import { emitEvent } from '../events/events.js';
import { startJobQueue } from '../jobs/job-queue.js';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';

/**
 * Tenant isolation is proven, not assumed. Every table with a tenant_id column is found in the catalog;
 * each must have forced RLS, a policy, a (tenant_id, ...) primary key, and a seeder below so the
 * "forgotten filter" test covers it. A new tenant table without a seeder fails this file by name.
 */
const seeders: Record<string, (tx: Tx, tenantId: string) => Promise<void>> = {
  audit_logs: async (tx, tenantId) => {
    await tx
      .insert(auditLogs)
      .values({ tenantId, action: 'tenant.created', entityType: 'tenant', via: 'system' });
  },
  roles: async (tx, tenantId) => {
    await tx
      .insert(roles)
      .values({ tenantId, id: seedIds(tenantId).role, name: 'Sales Rep', permissions: [] });
  },
  memberships: async (tx, tenantId) => {
    const { user, role } = seedIds(tenantId);
    await tx.insert(users).values({ id: user, email: `rep-${user}@example.com`, name: 'Pat Rep' });
    await tx.insert(memberships).values({ tenantId, userId: user, roleId: role });
  },
  teams: async (tx, tenantId) => {
    await tx.insert(teams).values({ tenantId, id: seedIds(tenantId).team, name: 'West' });
  },
  team_members: async (tx, tenantId) => {
    const { team, user } = seedIds(tenantId);
    await tx.insert(teamMembers).values({ tenantId, teamId: team, userId: user, role: 'manager' });
  },
  api_keys: async (tx, tenantId) => {
    const { user } = seedIds(tenantId);
    await tx.insert(apiKeys).values({
      tenantId,
      name: 'CI',
      prefix: newId().slice(-12),
      secretHash: 'x',
      permissions: [],
      createdBy: user,
    });
  },
  invitations: async (tx, tenantId) => {
    await tx.insert(invitations).values({
      tenantId,
      email: `new-${tenantId}@example.com`,
      roleId: seedIds(tenantId).role,
      tokenHash: newId(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  },
  customers: async (tx, tenantId) => {
    const { customer, user } = seedIds(tenantId);
    await tx.insert(customers).values({ tenantId, id: customer, name: 'Globex', ownerId: user });
  },
  contacts: async (tx, tenantId) => {
    const { contact, user } = seedIds(tenantId);
    await tx.insert(contacts).values({ tenantId, id: contact, name: 'Jane Doe', ownerId: user });
  },
  contact_customers: async (tx, tenantId) => {
    const { contact, customer } = seedIds(tenantId);
    await tx.insert(contactCustomers).values({ tenantId, contactId: contact, customerId: customer });
  },
  custom_field_definitions: async (tx, tenantId) => {
    await tx
      .insert(customFieldDefinitions)
      .values({ tenantId, object: 'customer', key: 'tier', label: 'Tier', type: 'text' });
  },
  pipelines: async (tx, tenantId) => {
    await tx.insert(pipelines).values({ tenantId, id: seedIds(tenantId).pipeline, name: 'Seeded' });
  },
  stages: async (tx, tenantId) => {
    const { pipeline, stage } = seedIds(tenantId);
    await tx
      .insert(stages)
      .values({ tenantId, id: stage, pipelineId: pipeline, name: 'Qualify', probability: 20, position: 0 });
  },
  opportunities: async (tx, tenantId) => {
    const { opportunity, customer, pipeline, stage, user } = seedIds(tenantId);
    await tx.insert(opportunities).values({
      tenantId,
      id: opportunity,
      name: 'Globex renewal',
      customerId: customer,
      amount: '40000.00',
      currency: 'USD',
      pipelineId: pipeline,
      stageId: stage,
      ownerId: user,
    });
  },
  opportunity_stage_history: async (tx, tenantId) => {
    const { opportunity, stage } = seedIds(tenantId);
    await tx
      .insert(opportunityStageHistory)
      .values({ tenantId, opportunityId: opportunity, toStageId: stage, via: 'system' });
  },
  opportunity_amount_history: async (tx, tenantId) => {
    await tx.insert(opportunityAmountHistory).values({
      tenantId,
      opportunityId: seedIds(tenantId).opportunity,
      toAmount: '40000.00',
      toCurrency: 'USD',
      via: 'system',
    });
  },
  currency_settings: async (tx, tenantId) => {
    await tx.insert(currencySettings).values({ tenantId, baseCurrency: 'EUR' });
  },
  interactions: async (tx, tenantId) => {
    const { interaction, customer, user } = seedIds(tenantId);
    await tx.insert(interactions).values({
      tenantId,
      id: interaction,
      type: 'call',
      occurredAt: new Date(),
      customerId: customer,
      ownerId: user,
    });
  },
  interaction_participants: async (tx, tenantId) => {
    const { interaction, contact } = seedIds(tenantId);
    await tx
      .insert(interactionParticipants)
      .values({ tenantId, interactionId: interaction, kind: 'contact', participantId: contact });
  },
  documents: async (tx, tenantId) => {
    const { document, customer } = seedIds(tenantId);
    await tx
      .insert(documents)
      .values({ tenantId, id: document, parentType: 'customer', parentId: customer, name: 'Proposal.pdf' });
  },
  document_versions: async (tx, tenantId) => {
    await tx.insert(documentVersions).values({
      tenantId,
      documentId: seedIds(tenantId).document,
      number: 1,
      contentHash: 'a'.repeat(64),
      size: 3,
      contentType: 'application/pdf',
      fileName: 'Proposal.pdf',
    });
  },
  domain_events: async (tx, tenantId) => {
    await emitEvent(tx, tenantId, {
      name: 'customer.created',
      stream: { type: 'customer', id: seedIds(tenantId).customer },
      payload: {},
    });
  },
  event_failures: async (tx, tenantId) => {
    await tx.execute(
      sql`insert into event_failures (handler, tenant_id, position, attempts, error) values ('seed', ${tenantId}, 1, 1, 'seeded')`,
    );
  },
  task_categories: async (tx, tenantId) => {
    await tx.insert(taskCategories).values({ tenantId, key: 'site_visit', name: 'Site visit' });
  },
  task_settings: async (tx, tenantId) => {
    await tx.insert(taskSettings).values({ tenantId });
  },
  tasks: async (tx, tenantId) => {
    const { task, user, customer } = seedIds(tenantId);
    await tx
      .insert(tasks)
      .values({ tenantId, id: task, title: 'Send the proposal', createdBy: user, customerId: customer });
    await tx
      .insert(tasks)
      .values({ tenantId, id: seedIds(tenantId).prerequisite, title: 'Price it', createdBy: user });
  },
  task_assignees: async (tx, tenantId) => {
    const { task, user } = seedIds(tenantId);
    await tx.insert(taskAssignees).values({ tenantId, taskId: task, userId: user });
  },
  task_watchers: async (tx, tenantId) => {
    const { task, user } = seedIds(tenantId);
    await tx.insert(taskWatchers).values({ tenantId, taskId: task, userId: user });
  },
  task_dependencies: async (tx, tenantId) => {
    const { task, prerequisite } = seedIds(tenantId);
    await tx.insert(taskDependencies).values({ tenantId, taskId: task, blockedById: prerequisite });
  },
  task_status_changes: async (tx, tenantId) => {
    await tx.insert(taskStatusChanges).values({ tenantId, taskId: seedIds(tenantId).task, toStatus: 'todo' });
  },
  task_comments: async (tx, tenantId) => {
    const { task, user } = seedIds(tenantId);
    await tx.insert(taskComments).values({ tenantId, taskId: task, authorId: user, body: 'On it' });
  },
  task_time_entries: async (tx, tenantId) => {
    const { task, user } = seedIds(tenantId);
    await tx
      .insert(taskTimeEntries)
      .values({ tenantId, taskId: task, userId: user, source: 'manual', startedAt: new Date(), minutes: 30 });
  },
  task_reminders: async (tx, tenantId) => {
    await tx
      .insert(taskReminders)
      .values({ tenantId, taskId: seedIds(tenantId).task, offsetMinutes: 60, remindAt: new Date() });
  },
  goals: async (tx, tenantId) => {
    const { goal, user } = seedIds(tenantId);
    await tx.insert(goals).values({
      tenantId,
      id: goal,
      name: 'Q1 revenue',
      metric: 'revenue_won',
      target: '100000',
      period: 'quarter',
      periodStart: new Date('2027-01-01T00:00:00Z'),
      periodEnd: new Date('2027-04-01T00:00:00Z'),
      ownerUserId: user,
    });
  },
  goal_milestones: async (tx, tenantId) => {
    await tx
      .insert(goalMilestones)
      .values({ tenantId, goalId: seedIds(tenantId).goal, percent: 50, value: '50000' });
  },
  notifications: async (tx, tenantId) => {
    const { notification, user } = seedIds(tenantId);
    await tx.insert(notifications).values({
      tenantId,
      id: notification,
      userId: user,
      kind: 'task.assigned',
      title: 'New task',
      dedupeKey: 'seed',
    });
  },
  notification_deliveries: async (tx, tenantId) => {
    const { notification, user } = seedIds(tenantId);
    await tx
      .insert(notificationDeliveries)
      .values({ tenantId, notificationId: notification, userId: user, channel: 'email' });
  },
  notification_preferences: async (tx, tenantId) => {
    await tx.insert(notificationPreferences).values({ tenantId, userId: seedIds(tenantId).user });
  },
  push_subscriptions: async (tx, tenantId) => {
    await tx.insert(pushSubscriptions).values({
      tenantId,
      userId: seedIds(tenantId).user,
      endpoint: `https://push.example/${tenantId}`,
      p256dh: 'key',
      auth: 'secret',
    });
  },
  realtime_events: async (tx, tenantId) => {
    const { task, user } = seedIds(tenantId);
    await tx.insert(realtimeEvents).values({
      tenantId,
      name: 'task.assigned',
      recordType: 'task',
      recordId: task,
      payload: {},
      audience: [user],
    });
  },
  presence: async (tx, tenantId) => {
    await tx.insert(presence).values({ tenantId, userId: seedIds(tenantId).user, instanceId: 'seed' });
  },
  imports: async (tx, tenantId) => {
    const { importId, user } = seedIds(tenantId);
    await tx.insert(imports).values({
      tenantId,
      id: importId,
      type: 'customers',
      mapping: { name: 'Name' },
      options: {
        dateOrder: 'ymd',
        decimalSeparator: '.',
        duplicateKeys: [],
        defaultCurrency: null,
        pipeline: null,
      },
      fileName: 'seed.csv',
      fileSize: 1,
      sha256: '0'.repeat(64),
      createdBy: user,
    });
  },
  import_errors: async (tx, tenantId) => {
    const { importId } = seedIds(tenantId);
    await tx.insert(importErrors).values({ tenantId, importId, seq: 0, line: 2, message: 'seeded' });
  },
  import_changes: async (tx, tenantId) => {
    const { importId, customer } = seedIds(tenantId);
    await tx.insert(importChanges).values({ tenantId, importId, recordId: customer, created: true });
  },
  import_mappings: async (tx, tenantId) => {
    await tx.insert(importMappings).values({
      tenantId,
      name: 'Seeded',
      type: 'customers',
      mapping: {},
      createdBy: seedIds(tenantId).user,
    });
  },
  assistant_turns: async (tx, tenantId) => {
    await tx.insert(assistantTurns).values({
      tenantId,
      userId: seedIds(tenantId).user,
      via: 'web',
      conversation: 'web',
      text: 'remind me to call Jane',
      status: 'done',
      expiresAt: new Date(Date.now() + 600_000),
    });
  },
  chat_workspaces: async (tx, tenantId) => {
    await tx.insert(chatWorkspaces).values({
      tenantId,
      platform: 'teams',
      externalId: tenantId,
      name: 'Teams',
      createdBy: seedIds(tenantId).user,
    });
  },
  chat_links: async (tx, tenantId) => {
    await tx.insert(chatLinks).values({
      tenantId,
      platform: 'slack',
      workspaceExternalId: `T-${tenantId}`,
      externalUserId: 'U0001',
      userId: seedIds(tenantId).user,
      address: { channel: 'D0001' },
    });
  },
  prediction_models: async (tx, tenantId) => {
    await tx.insert(predictionModels).values({ tenantId, version: 1, status: 'active' });
  },
  opportunity_predictions: async (tx, tenantId) => {
    await tx.insert(opportunityPredictions).values({
      tenantId,
      opportunityId: seedIds(tenantId).opportunity,
      probability: 0.4,
      confidence: 0.5,
      model: 'organization_wide',
    });
  },
  prediction_history: async (tx, tenantId) => {
    await tx.insert(predictionHistory).values({
      tenantId,
      opportunityId: seedIds(tenantId).opportunity,
      probability: 0.4,
      model: 'organization_wide',
    });
  },
  record_keys: async (tx, tenantId) => {
    await tx.insert(recordKeys).values({
      tenantId,
      recordType: 'customer',
      kind: 'domain',
      key: 'seeded.example',
      recordId: seedIds(tenantId).customer,
    });
  },
  exports: async (tx, tenantId) => {
    await tx.insert(exports).values({
      tenantId,
      resource: 'customers',
      format: 'csv',
      columns: ['name'],
      createdBy: seedIds(tenantId).user,
    });
  },
};

const SEED_KEYS = [
  'importId',
  'role',
  'user',
  'team',
  'customer',
  'contact',
  'pipeline',
  'stage',
  'opportunity',
  'interaction',
  'document',
  'task',
  'prerequisite',
  'goal',
  'notification',
] as const;
const ids = new Map<string, Record<(typeof SEED_KEYS)[number], string>>();
function seedIds(tenantId: string) {
  let entry = ids.get(tenantId);
  if (!entry)
    ids.set(tenantId, (entry = Object.fromEntries(SEED_KEYS.map((key) => [key, newId()])) as never));
  return entry;
}

interface TableFacts {
  table: string;
  rls: boolean;
  forced: boolean;
  policies: number;
  pkFirstColumn: string | null;
}

function tenantTables(tx: Tx): Promise<TableFacts[]> {
  return queryRows<TableFacts>(
    tx,
    sql`
    select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
      (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
      (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = c.oid and i.indisprimary) as "pkFirstColumn"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by c.relname`,
  );
}

describe('tenant isolation by row-level security', () => {
  let database: TestDatabase;
  const tenantA = newId();
  const tenantB = newId();

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [tenantId, slug] of [
      [tenantA, 'acme'],
      [tenantB, 'globex'],
    ] as const) {
      // Seeding creates users too, which only sign-in (system 'auth') or the platform may insert.
      await database.db.transaction({ tenantId, system: 'auth' }, async (tx) => {
        await tx.insert(tenants).values({ id: tenantId, name: slug, slug });
        for (const seed of Object.values(seeders)) await seed(tx, tenantId);
      });
    }
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('finds tenant tables in the catalog', async () => {
    const tables = await database.db.transaction({ tenantId: tenantA }, tenantTables);
    expect(tables.map((table) => table.table)).toContain('audit_logs');
  });

  it('forces RLS with a policy and a (tenant_id, ...) primary key on every tenant table', async () => {
    const tables = await database.db.transaction({ tenantId: tenantA }, tenantTables);
    const offenders = tables
      .filter((t) => !t.rls || !t.forced || t.policies < 1 || t.pkFirstColumn !== 'tenant_id')
      .map(
        (t) =>
          `${t.table} (rls=${t.rls}, forced=${t.forced}, policies=${t.policies}, pk starts with ${t.pkFirstColumn})`,
      );
    expect(offenders).toEqual([]);
  });

  it('forces RLS on every table the application can reach, tenant-owned or not', async () => {
    const unprotected = await database.db.transaction({ tenantId: tenantA }, (tx) =>
      queryRows<{ table: string }>(
        tx,
        sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not (c.relrowsecurity and c.relforcerowsecurity)`,
      ),
    );
    expect(unprotected).toEqual([]);
  });

  it('has a seeder for every tenant table, so the isolation test below covers it', async () => {
    const tables = await database.db.transaction({ tenantId: tenantA }, tenantTables);
    const unseeded = tables.map((t) => t.table).filter((table) => !(table in seeders));
    expect(unseeded).toEqual([]);
  });

  it("returns none of tenant A's rows to a bare select in tenant B's context", async () => {
    const tables = await database.db.transaction({ tenantId: tenantA }, tenantTables);
    for (const { table } of [...tables, { table: 'tenants' }]) {
      const rows = await database.db.transaction({ tenantId: tenantB }, (tx) =>
        queryRows<Record<string, unknown>>(tx, sql.raw(`select * from ${table}`)),
      );
      const ownerIds = rows.map((row) => (table === 'tenants' ? row.id : row.tenant_id));
      expect({ table, leaked: ownerIds.filter((id) => id !== tenantB) }).toEqual({ table, leaked: [] });
      expect({ table, sawOwnRows: rows.length > 0 }).toEqual({ table, sawOwnRows: true });
    }
  });

  it("refuses an insert carrying tenant A's id in tenant B's context, for every tenant table", async () => {
    const tables = await database.db.transaction({ tenantId: tenantA }, tenantTables);
    for (const { table } of tables) {
      const attempt = database.db.transaction({ tenantId: tenantB }, (tx) =>
        tx.execute(sql.raw(`insert into ${table} (tenant_id) values ('${tenantA}')`)),
      );
      await expect(attempt).rejects.toMatchObject({ cause: { code: '42501' } });
    }
  });

  it('refuses a unit of work without a valid tenant id before touching the database', async () => {
    await expect(
      database.db.transaction({ tenantId: 'not-a-uuid' }, () => Promise.resolve()),
    ).rejects.toThrow(/UUID/);
  });

  it('keeps the audit log append-only for the application role', async () => {
    const update = database.db.transaction({ tenantId: tenantA }, (tx) =>
      tx.execute(sql`update audit_logs set action = 'forged'`),
    );
    await expect(update).rejects.toMatchObject({ cause: { code: '42501' } });
    const remove = database.db.transaction({ tenantId: tenantA }, (tx) =>
      tx.execute(sql`delete from audit_logs`),
    );
    await expect(remove).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('runs the application as a role that is neither superuser nor bypasses RLS and owns no table', async () => {
    const [facts] = await database.db.transaction({ tenantId: tenantA }, (tx) =>
      queryRows(
        tx,
        sql`
        select current_user as "user", r.rolsuper as "superuser", r.rolbypassrls as "bypassRls",
          (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p')) as "ownedTables"
        from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(facts).toEqual({ user: 'closer_app', superuser: false, bypassRls: false, ownedTables: 0 });
  });

  const onServer = process.env.TEST_DATABASE_URL && process.env.CLOSER_TEST_DB !== 'pglite' ? it : it.skip;
  onServer('shows the application and queue connections as non-superusers in pg_stat_activity', async () => {
    const queue = await startJobQueue({
      db: database.db,
      logger: createLogger({ level: 'silent' }),
      runWorkers: true,
    });
    await database.db.ping();
    const probe = new pg.Client({ connectionString: database.ownerUrl });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ usename: string; usesuper: boolean; usebypassrls: boolean }>(
        `select distinct usename, usesuper, usebypassrls from pg_user join pg_stat_activity using (usename)
         where datname = current_database() and pid <> pg_backend_pid()`,
      );
      expect(rows).toContainEqual({ usename: 'closer_app', usesuper: false, usebypassrls: false });
      expect(rows).toContainEqual({ usename: 'closer_jobs', usesuper: false, usebypassrls: false });
      expect(rows.filter((row) => row.usesuper || row.usebypassrls)).toEqual([]);
    } finally {
      await probe.end();
      await queue.stop(1_000);
    }
  });
});
