import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { queryRows } from './database.js';
import { newId } from './columns.js';
import { auditLogs, tenants } from './schema.js';

describe('Database.transaction', () => {
  let database: TestDatabase;
  const tenantA = newId();
  const tenantB = newId();
  const userA = newId();

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [tenantId, slug] of [
      [tenantA, 'initech'],
      [tenantB, 'umbrella'],
    ] as const) {
      await database.db.transaction({ tenantId }, (tx) =>
        tx.insert(tenants).values({ id: tenantId, name: slug, slug }),
      );
    }
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const countLogs = (tenantId: string, action: string) =>
    database.db.transaction({ tenantId }, async (tx) => {
      const rows = await tx.select().from(auditLogs).where(eq(auditLogs.action, action));
      return rows.length;
    });

  it('sets the tenant and user for the whole unit of work', async () => {
    const [settings] = await database.db.transaction({ tenantId: tenantA, userId: userA }, (tx) =>
      queryRows<{ tenant: string; user: string; role: string }>(
        tx,
        sql`select current_setting('app.tenant_id') as tenant, current_setting('app.user_id') as user, current_user as role`,
      ),
    );
    expect(settings).toEqual({ tenant: tenantA, user: userA, role: 'closer_app' });
  });

  it('commits what the work wrote', async () => {
    await database.db.transaction({ tenantId: tenantA }, (tx) =>
      tx
        .insert(auditLogs)
        .values({ tenantId: tenantA, action: 'commit.probe', entityType: 'probe', via: 'system' }),
    );
    expect(await countLogs(tenantA, 'commit.probe')).toBe(1);
  });

  it('rolls back everything when the work throws, and rethrows the same error', async () => {
    const failure = new AppError('conflict', { message: 'stale version' });
    const attempt = database.db.transaction({ tenantId: tenantA }, async (tx) => {
      await tx
        .insert(auditLogs)
        .values({ tenantId: tenantA, action: 'rollback.probe', entityType: 'probe', via: 'system' });
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    expect(await countLogs(tenantA, 'rollback.probe')).toBe(0);
  });

  it('rolls back when a statement fails midway, and the connection stays usable', async () => {
    const attempt = database.db.transaction({ tenantId: tenantA }, async (tx) => {
      await tx
        .insert(auditLogs)
        .values({ tenantId: tenantA, action: 'midway.probe', entityType: 'probe', via: 'system' });
      await tx.execute(sql`select 1 / 0`);
    });
    await expect(attempt).rejects.toMatchObject({ cause: { code: '22012' } });
    expect(await countLogs(tenantA, 'midway.probe')).toBe(0);
    for (let i = 0; i < 12; i++) await database.db.ping();
  });

  it('supports nested units as savepoints', async () => {
    await database.db.transaction({ tenantId: tenantA }, async (tx) => {
      await tx
        .insert(auditLogs)
        .values({ tenantId: tenantA, action: 'outer.probe', entityType: 'probe', via: 'system' });
      await tx
        .transaction(async (inner) => {
          await inner
            .insert(auditLogs)
            .values({ tenantId: tenantA, action: 'inner.probe', entityType: 'probe', via: 'system' });
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect(await countLogs(tenantA, 'outer.probe')).toBe(1);
    expect(await countLogs(tenantA, 'inner.probe')).toBe(0);
  });

  it('never lets one unit of work see the tenant of the previous one on a reused connection', async () => {
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, index) => {
        const tenantId = index % 2 === 0 ? tenantA : tenantB;
        return database.db.transaction({ tenantId }, async (tx) => {
          const [row] = await queryRows<{ tenant: string; visible: number }>(
            tx,
            sql`select current_setting('app.tenant_id') as tenant, (select count(*)::int from tenants) as visible`,
          );
          return { expected: tenantId, ...row };
        });
      }),
    );
    for (const row of seen) expect(row).toEqual({ expected: row.expected, tenant: row.expected, visible: 1 });
  });

  it('leaves no user, platform or sign-in flag behind for the next unit of work on the connection', async () => {
    for (let i = 0; i < 12; i++) {
      await database.db.transaction(
        { tenantId: tenantA, userId: userA, platform: true, system: 'auth' },
        () => Promise.resolve(),
      );
    }
    const seen = await Promise.all(
      Array.from({ length: 12 }, () =>
        database.db.transaction({ tenantId: tenantB }, (tx) =>
          queryRows<{ user: string | null; platform: string | null; system: string | null }>(
            tx,
            sql`select nullif(current_setting('app.user_id', true), '') as user,
              nullif(current_setting('app.platform', true), '') as platform,
              nullif(current_setting('app.system', true), '') as system`,
          ),
        ),
      ),
    );
    for (const [row] of seen) expect(row).toEqual({ user: null, platform: null, system: null });
  });

  it('answers readiness questions: ping and no pending migrations', async () => {
    await expect(database.db.ping()).resolves.toBeUndefined();
    expect(await database.db.pendingMigrations()).toBe(0);
  });
});
