import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../core/db/database.js';
import { buildOrganization, type TestOrganization } from '../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { writeDemo } from './demo-writer.js';
import type { DemoCounts } from './demo-tables.js';

let database: TestDatabase;
let org: TestOrganization;
let counts: DemoCounts;
let eventsBefore: number;

beforeAll(async () => {
  database = await createTestDatabase();
  org = await buildOrganization(database.db);
  eventsBefore = (await inTenant<{ n: number }>(sql`select count(*)::int as n from domain_events`))[0]!.n;
  counts = await writeDemo(database.db, {
    tenantId: org.tenantId,
    size: { customers: 40, opportunities: 400 },
    now: new Date('2026-06-30T12:00:00Z'),
  });
});

afterAll(async () => {
  await database?.destroy();
});

const inTenant = <Row>(query: ReturnType<typeof sql>) =>
  database.db.transaction({ tenantId: org.tenantId }, (tx) => queryRows<Row>(tx, query));

describe('writing the demo company into an organization', () => {
  it('writes the rows it reports, in that organization only', async () => {
    expect(counts.customers).toBe(40);
    expect(counts.opportunities).toBe(400);
    expect(counts.interactions).toBeGreaterThan(1_000);
    const [row] = await inTenant<Record<string, number>>(
      sql`select (select count(*)::int from customers) as customers,
        (select count(*)::int from contacts) as contacts,
        (select count(*)::int from opportunities) as opportunities,
        (select count(*)::int from opportunity_stage_history) as opportunity_stage_history,
        (select count(*)::int from interactions) as interactions,
        (select count(*)::int from interaction_participants) as interaction_participants`,
    );
    expect(row).toEqual({
      customers: counts.customers,
      contacts: counts.contacts,
      opportunities: counts.opportunities,
      opportunity_stage_history: counts.opportunity_stage_history,
      interactions: counts.interactions,
      interaction_participants: counts.interaction_participants,
    });
    const other = await buildOrganization(database.db);
    const [elsewhere] = await database.db.transaction({ tenantId: other.tenantId }, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from opportunities`),
    );
    expect(elsewhere!.n).toBe(0);
  });

  it('gives the reps and the manager their records, and none to the admin', async () => {
    const owners = await inTenant<{ owner_id: string; n: number }>(
      sql`select owner_id, count(*)::int as n from opportunities group by owner_id`,
    );
    const byOwner = Object.fromEntries(owners.map((row) => [row.owner_id, row.n]));
    expect(byOwner[org.rep.id]).toBeGreaterThan(0);
    expect(byOwner[org.otherRep.id]).toBeGreaterThan(0);
    expect(byOwner[org.manager.id]).toBeGreaterThan(0);
    expect(byOwner[org.admin.id]).toBeUndefined();
    const [team] = await inTenant<{ team_id: string | null }>(
      sql`select distinct team_id from opportunities where owner_id = ${org.rep.id}`,
    );
    expect(team!.team_id).toBe(org.teamId);
  });

  it('moves deals through the default pipeline it found or created, with rates for every currency', async () => {
    const stages = await inTenant<{ name: string; n: number; status: string | null }>(
      sql`select s.name, count(o.id)::int as n, min(o.status) as status from stages s
        join pipelines p on p.id = s.pipeline_id and p.is_default
        left join opportunities o on o.stage_id = s.id
        group by s.name, s.position order by s.position`,
    );
    expect(stages.map((stage) => stage.name)).toEqual([
      'Prospecting',
      'Qualification',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    expect(stages.find((stage) => stage.name === 'Won')).toMatchObject({ status: 'won' });
    expect(stages.find((stage) => stage.name === 'Lost')!.n).toBeGreaterThan(0);
    const missing = await inTenant<{ currency: string }>(
      sql`select distinct o.currency from opportunities o, currency_settings cs
        where o.currency <> cs.base_currency and not cs.rates ? o.currency::text`,
    );
    expect(missing).toEqual([]);
  });

  it('writes history, not changes: one audit entry and no domain events', async () => {
    const [row] = await inTenant<{ audits: number; events: number }>(
      sql`select (select count(*)::int from audit_logs where action = 'demo.generated') as audits,
        (select count(*)::int from domain_events) as events`,
    );
    expect(row).toEqual({ audits: 1, events: eventsBefore });
  });
});
