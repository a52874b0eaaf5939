import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../core/db/database.js';
import { signIn } from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import { useOrganizationApp } from '../test/suite.js';
import { CLOSE_WARNING_DAYS, sendInteractionReminders } from './task-interaction-reminders.js';

const DAY = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

describe('close-date warnings', () => {
  const suite = useOrganizationApp();
  let rep: TestClient;
  let manager: TestClient;
  let otherRep: TestClient;

  beforeAll(async () => {
    [rep, manager, otherRep] = await Promise.all([
      signIn(suite.app.url, suite.org.rep),
      signIn(suite.app.url, suite.org.manager),
      signIn(suite.app.url, suite.org.otherRep),
    ]);
  });

  const warnings = (dealId: string) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      queryRows<{ payload: Record<string, unknown> }>(
        tx,
        sql`select payload from domain_events
          where name = 'opportunity.deadline_approaching' and stream_id = ${dealId} order by position`,
      ),
    );
  const titles = async (client: TestClient) =>
    (
      await json<{ items: { kind: string; title: string }[] }>(await client.get('/api/v1/notifications'))
    ).items
      .filter((item) => item.kind === 'opportunity.deadline_approaching')
      .map((item) => item.title);

  it('warns the owner and their manager once per close date, not before the window nor anyone else', async () => {
    const now = new Date();
    const customer = await suite.admin.post('/api/v1/customers', {
      name: 'Soon Co',
      ownerId: suite.org.rep.id,
    });
    expect(customer.status).toBe(201);
    const customerId = (await json<{ id: string }>(customer)).id;
    const create = async (name: string, closeInDays: number) => {
      const response = await suite.admin.post('/api/v1/opportunities', {
        name,
        customerId,
        amount: '1200.00',
        currency: 'USD',
        ownerId: suite.org.rep.id,
        expectedCloseDate: isoDay(new Date(now.getTime() + closeInDays * DAY)),
      });
      expect(response.status).toBe(201);
      return (await json<{ id: string; version: number }>(response)).id;
    };
    const soon = await create('Closing soon', 3);
    const later = await create('Closing later', CLOSE_WARNING_DAYS + 5);

    // Two runs at once and a third: one warning.
    await Promise.all([
      sendInteractionReminders({ db: suite.app.database.db, now }),
      sendInteractionReminders({ db: suite.app.database.db, now }),
    ]);
    await sendInteractionReminders({ db: suite.app.database.db, now });
    expect((await warnings(soon)).map((row) => row.payload)).toEqual([
      expect.objectContaining({
        opportunityId: soon,
        ownerId: suite.org.rep.id,
        expectedCloseDate: isoDay(new Date(now.getTime() + 3 * DAY)),
        days: 3,
      }),
    ]);
    expect(await warnings(later)).toEqual([]);

    await suite.app.drainEvents();
    expect(await titles(rep)).toEqual(['Closing soon is expected to close in 3 days']);
    expect(await titles(manager)).toEqual(['Closing soon is expected to close in 3 days']);
    expect(await titles(otherRep)).toEqual([]);

    // A moved close date is a new deadline: warned again once it is near.
    const current = await json<{ version: number }>(await suite.admin.get(`/api/v1/opportunities/${soon}`));
    const moved = await suite.admin.patch(`/api/v1/opportunities/${soon}`, {
      version: current.version,
      expectedCloseDate: isoDay(new Date(now.getTime() + DAY)),
    });
    expect(moved.status).toBe(200);
    await sendInteractionReminders({ db: suite.app.database.db, now });
    expect((await warnings(soon)).map((row) => row.payload.days)).toEqual([3, 1]);
  });
});
