/**
 * Full stack vs bare handler, same database, same run.
 *
 * Full stack: Closer's Koa app (request context, metrics, problem mapping, body parser, router), a tenant
 * transaction that sets `app.tenant_id`/`app.user_id`, RLS, Drizzle. Bare: a Koa handler running the
 * same SELECT with `pg` directly. Prints both and the ratio (target: full >= 60% of bare throughput).
 *
 * Uses BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL (a server where it may create a database),
 * default postgres://postgres@127.0.0.1:5432/postgres.
 */
import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { desc } from 'drizzle-orm';
import pg from 'pg';
import {
  connectPostgres,
  createApp,
  createLogger,
  enterTenant,
  inTenant,
  listen,
  loadConfig,
  migratePostgres,
  runWithContext,
  schema,
  startJobQueue,
} from '@closer/service';
import { formatRow, load } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const POOL = 10;
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function createDatabase(): Promise<{ ownerUrl: string; drop: () => Promise<void> }> {
  const name = `closer_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    ownerUrl: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

const SELECT_RECENT = `select tenant_id, id, actor_id, action, entity_type, entity_id, before, after, via, ip, request_id, created_at
  from audit_logs where tenant_id = $1 order by created_at desc limit 20`;

async function main(): Promise<void> {
  const database = await createDatabase();
  const options = { ownerUrl: database.ownerUrl, poolMax: POOL };
  await migratePostgres(options);
  const db = connectPostgres(options);
  const tenantId = '01900000-0000-7000-8000-000000000001';
  const userId = '01900000-0000-7000-8000-000000000002';
  await db.transaction({ tenantId }, async (tx) => {
    await tx.insert(schema.tenants).values({ id: tenantId, name: 'Bench Co', slug: 'bench' });
    await tx.insert(schema.auditLogs).values(
      Array.from({ length: 200 }, (_, index) => ({
        tenantId,
        actorId: userId,
        action: 'opportunity.updated',
        entityType: 'opportunity',
        entityId: String(index),
        after: { amount: index * 100 },
        via: 'web' as const,
      })),
    );
  });

  const logger = createLogger({ level: 'silent' });
  const queue = await startJobQueue({ db, logger, runWorkers: false });
  const recentAuditLogs = async (ctx: Koa.Context) => {
    // Authenticated-style: the tenant and user come from the request, as auth middleware will set them.
    enterTenant({ tenantId: ctx.get('x-tenant-id'), userId });
    const rows = await inTenant(db, (tx) =>
      tx.select().from(schema.auditLogs).orderBy(desc(schema.auditLogs.createdAt)).limit(20),
    );
    ctx.body = { items: rows };
  };
  const routes = new Router();
  routes.get('/bench/audit-logs', recentAuditLogs);
  const full = await listen(
    createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, logger, queue, extraRouters: [routes] }),
    {
      host: '127.0.0.1',
      port: 0,
    },
  );

  const barePool = new pg.Pool({ connectionString: database.ownerUrl, max: POOL });
  barePool.on('error', () => undefined);
  const bareApp = new Koa();
  bareApp.use(async (ctx) => {
    const { rows } = await barePool.query(SELECT_RECENT, [ctx.get('x-tenant-id')]);
    ctx.body = { items: rows };
  });
  const bare = await listen({ koa: bareApp, beginDraining: () => undefined }, { host: '127.0.0.1', port: 0 });

  // Decomposition: the data path (tenant transaction + RLS + Drizzle) without Closer's HTTP middleware.
  const dataPathApp = new Koa();
  dataPathApp.use((ctx) => runWithContext({ requestId: 'bench', via: 'web' }, () => recentAuditLogs(ctx)));
  const dataPath = await listen(
    { koa: dataPathApp, beginDraining: () => undefined },
    { host: '127.0.0.1', port: 0 },
  );

  const headers = { 'x-tenant-id': tenantId };
  const probe = (await (await fetch(`${full.url}/bench/audit-logs`, { headers })).json()) as {
    items: unknown[];
  };
  if (probe.items.length !== 20)
    throw new Error(`full stack returned ${probe.items.length} rows, expected 20`);

  const loadWith = (url: string) => load(url, { seconds: SECONDS, connections: CONNECTIONS, headers });
  // Alternate to spread machine noise over both sides.
  const bareFirst = await loadWith(`${bare.url}/`);
  const fullFirst = await loadWith(`${full.url}/bench/audit-logs`);
  const dataPathRun = await loadWith(`${dataPath.url}/`);
  const bareSecond = await loadWith(`${bare.url}/`);
  const fullSecond = await loadWith(`${full.url}/bench/audit-logs`);
  const bareRps = (bareFirst.requestsPerSecond + bareSecond.requestsPerSecond) / 2;
  const fullRps = (fullFirst.requestsPerSecond + fullSecond.requestsPerSecond) / 2;

  console.log(`api-overhead: PostgreSQL, ${CONNECTIONS} connections, ${SECONDS}s per run, pool ${POOL}`);
  console.log(formatRow('bare Koa + pg (run 1)', bareFirst));
  console.log(formatRow('full stack (run 1)', fullFirst));
  console.log(formatRow('Koa + tenant tx + Drizzle only', dataPathRun));
  console.log(formatRow('bare Koa + pg (run 2)', bareSecond));
  console.log(formatRow('full stack (run 2)', fullSecond));
  const bareCpu = (bareFirst.cpuMicrosPerRequest + bareSecond.cpuMicrosPerRequest) / 2;
  const fullCpu = (fullFirst.cpuMicrosPerRequest + fullSecond.cpuMicrosPerRequest) / 2;
  console.log(`ratio full/bare throughput: ${(fullRps / bareRps).toFixed(2)} (target >= 0.60)`);
  console.log(`ratio full/bare server CPU per request: ${(fullCpu / bareCpu).toFixed(2)}`);
  console.log(
    `of which data path (tx + RLS + Drizzle): ${((dataPathRun.cpuMicrosPerRequest - bareCpu) / (fullCpu - bareCpu)).toFixed(2)} of the extra CPU, HTTP middleware the rest`,
  );

  await full.close(1_000);
  await bare.close(1_000);
  await dataPath.close(1_000);
  await queue.stop(1_000);
  await barePool.end();
  await db.close();
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
