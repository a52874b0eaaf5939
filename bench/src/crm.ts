/**
 * CRM reads on a big demo company (`npm run demo -- --size=large`): each query as the application runs
 * it (its command, in `Database.transaction` as closer_app with the tenant set: RLS and the record-scope
 * SQL) against the same SELECTs run bare (recorded at the driver from one application run, then sent one
 * by one on an owner connection: no transaction, no scope, no RLS), alternating, in the same run.
 *
 * (a) opportunities by stage with totals in the base currency (pipelineSummary, as an Org Admin: every
 *     open deal, and the won and lost deals closed in the default period, the last 90 days);
 * (b) the timeline of the customer with the most interactions, 50 rows (customerTimeline, Org Admin);
 * (c) search "acm" (search: tsvector prefix + trigram, ranked, top 20, Org Admin);
 * (d) a rep's own open opportunities, newest 50 (listOpportunities as that rep, status open).
 *
 * Environment: BENCH_CRM_DATABASE_URL (owner URL of the demo database, default
 * postgres://postgres@127.0.0.1:5432/closer_bench), BENCH_CRM_SLUG (default `bench`), BENCH_RUNS (200),
 * BENCH_CRM_EXPLAIN=1 (print the plans of all four, bare and under RLS; else only of those missing 50 ms).
 */
import pg from 'pg';
import {
  BUILT_IN_ROLES,
  connectPostgres,
  customerTimeline,
  listOpportunities,
  migratePostgres,
  pipelineSummary,
  search,
  type TenantActor,
  type Tx,
} from '@closer/service';
import { captureStatements, installStatementCapture, type CapturedStatement } from './statement-capture.js';

const URL = process.env.BENCH_CRM_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/closer_bench';
const SLUG = process.env.BENCH_CRM_SLUG ?? 'bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 10;
const TARGET_P99_MS = 50;
/** BENCH_CRM_EXPLAIN=1: the plans of every query (bare and under RLS), not only of those missing the target. */
const EXPLAIN_ALL = process.env.BENCH_CRM_EXPLAIN === '1';

interface Case {
  label: string;
  actor: TenantActor;
  run: (tx: Tx) => Promise<unknown>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function one(owner: pg.Client, sql: string, values: unknown[] = []) {
  return (await owner.query(sql, values)).rows as Record<string, string | number>[];
}

function actorOf(row: { user_id: string; tenant_id: string; key: string }): TenantActor {
  const role = BUILT_IN_ROLES.find((candidate) => candidate.key === row.key)!;
  return {
    userId: row.user_id,
    email: '',
    name: '',
    tenantId: row.tenant_id,
    membershipId: null,
    roleId: null,
    platformRole: null,
    permissions: new Set(role.permissions),
    via: 'web',
    sessionId: null,
    apiKeyId: null,
  };
}

async function cases(owner: pg.Client): Promise<{ tenantId: string; cases: Case[]; notes: string[] }> {
  const [tenant] = await one(owner, 'select id from tenants where slug = $1', [SLUG]);
  if (!tenant)
    throw new Error(`no organization ${SLUG}: run npm run demo -- --size=large --slug=${SLUG} first`);
  const tenantId = tenant.id as string;
  await owner.query(`select set_config('app.tenant_id', $1, false)`, [tenantId]);
  const people = (await one(
    owner,
    `select m.user_id, m.tenant_id, r.built_in_key as key from memberships m join roles r on r.id = m.role_id`,
  )) as { user_id: string; tenant_id: string; key: string }[];
  const admin = actorOf(people.find((person) => person.key === 'org_admin')!);
  const [busiestRep] = await one(
    owner,
    `select o.owner_id, count(*)::int as n from opportunities o join memberships m on m.user_id = o.owner_id
       join roles r on r.id = m.role_id and r.built_in_key = 'sales_rep'
     where o.status = 'open' and o.deleted_at is null group by o.owner_id order by n desc limit 1`,
  );
  const rep = actorOf(people.find((person) => person.user_id === busiestRep!.owner_id)!);
  const [bigCustomer] = await one(
    owner,
    `select customer_id, count(*)::int as n from interactions group by customer_id order by n desc limit 1`,
  );
  const [sizes] = await one(
    owner,
    `select (select count(*) from opportunities)::int as opportunities,
       (select count(*) from interactions)::int as interactions, (select count(*) from customers)::int as customers`,
  );
  await owner.query(`select set_config('app.tenant_id', '', false)`);
  const notes = [
    `${SLUG}: ${sizes!.customers} customers, ${sizes!.opportunities} opportunities, ${sizes!.interactions} interactions`,
    `big customer ${bigCustomer!.customer_id} with ${bigCustomer!.n} interactions; rep ${rep.userId} with ${busiestRep!.n} open deals`,
  ];
  const customerId = bigCustomer!.customer_id as string;
  return {
    tenantId,
    notes,
    cases: [
      {
        label: '(a) deals by stage, totals',
        actor: admin,
        run: (tx) => pipelineSummary({ actor: admin, tx }),
      },
      {
        label: '(b) big customer timeline, 50',
        actor: admin,
        run: (tx) => customerTimeline({ actor: admin, tx, customerId, limit: 50 }),
      },
      {
        label: '(c) search "acm", top 20',
        actor: admin,
        run: (tx) => search({ actor: admin, tx, q: 'acm', limit: 20 }),
      },
      {
        label: "(d) rep's open deals, newest 50",
        actor: rep,
        // The filters as the route's query schema leaves them for `?status=open&limit=50`.
        run: (tx) => listOpportunities({ actor: rep, tx, status: 'open', limit: 50, deleted: false }),
      },
    ],
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  installStatementCapture();
  await migratePostgres({ ownerUrl: URL, poolMax: 2 });
  const db = connectPostgres({ ownerUrl: URL, poolMax: 2 });
  const owner = new pg.Client({ connectionString: URL });
  await owner.connect();
  try {
    const setup = await cases(owner);
    console.log(`crm: ${RUNS} runs per query and stack, alternating, after ${WARM_UP} warm-up runs each`);
    console.log(
      'app: the command in Database.transaction as closer_app (read-only, tenant set: RLS + record scope)',
    );
    console.log(
      'bare: the SELECTs the app sent, recorded at the driver, one by one on the owner connection (no RLS)',
    );
    for (const note of setup.notes) console.log(`  ${note}`);
    console.log(
      `${'query'.padEnd(34)}${'app p50'.padStart(9)}${'app p99'.padStart(9)}${'bare p50'.padStart(10)}${'bare p99'.padStart(10)}${'p50 x'.padStart(7)}${'p99 x'.padStart(7)}  target`,
    );
    const missed: { label: string; statements: CapturedStatement[] }[] = [];
    const explained: typeof missed = [];
    for (const item of setup.cases) {
      const app = () =>
        db.transaction({ tenantId: setup.tenantId, userId: item.actor.userId }, item.run, { readOnly: true });
      const statements = await captureStatements(async () => {
        await app();
      });
      const bare = async () => {
        for (const statement of statements) await owner.query(statement.text, statement.values);
      };
      for (let run = 0; run < WARM_UP; run++) {
        await app();
        await bare();
      }
      const times = { app: [] as number[], bare: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        if (run % 2 === 0) {
          times.app.push(await timed(app));
          times.bare.push(await timed(bare));
        } else {
          times.bare.push(await timed(bare));
          times.app.push(await timed(app));
        }
      }
      const [a, b] = [times.app.sort((x, y) => x - y), times.bare.sort((x, y) => x - y)];
      const [a50, a99, b50, b99] = [
        percentile(a, 50),
        percentile(a, 99),
        percentile(b, 50),
        percentile(b, 99),
      ];
      const met = a99 < TARGET_P99_MS;
      if (!met) missed.push({ label: item.label, statements });
      explained.push({ label: item.label, statements });
      console.log(
        `${item.label.padEnd(34)}${a50.toFixed(1).padStart(9)}${a99.toFixed(1).padStart(9)}${b50.toFixed(1).padStart(10)}` +
          `${b99.toFixed(1).padStart(10)}${(a50 / b50).toFixed(2).padStart(7)}${(a99 / b99).toFixed(2).padStart(7)}  ` +
          `p99 < ${TARGET_P99_MS} ms: ${met ? 'met' : 'NOT met'} (${statements.length} statements)`,
      );
    }
    for (const { label, statements } of EXPLAIN_ALL ? explained : missed) {
      let slowest = statements[0]!;
      let worst = -1;
      for (const statement of statements) {
        const ms = await timed(() => owner.query(statement.text, statement.values));
        if (ms > worst) [slowest, worst] = [statement, ms];
      }
      console.log(`\n${label}: EXPLAIN (ANALYZE, BUFFERS) of its slowest statement, bare`);
      const plan = await owner.query(`explain (analyze, buffers) ${slowest.text}`, slowest.values);
      for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(`  ${row['QUERY PLAN']}`);
      // The same statement as the application runs it: closer_app, tenant set, so under RLS.
      console.log(`\n${label}: the same, as closer_app with the tenant set (RLS)`);
      await owner.query('begin');
      try {
        await owner.query(`select set_config('app.tenant_id', $1, true)`, [setup.tenantId]);
        await owner.query('set local role closer_app');
        const appPlan = await owner.query(`explain (analyze, buffers) ${slowest.text}`, slowest.values);
        for (const row of appPlan.rows as { 'QUERY PLAN': string }[]) console.log(`  ${row['QUERY PLAN']}`);
      } finally {
        await owner.query('rollback');
      }
    }
  } finally {
    await owner.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
