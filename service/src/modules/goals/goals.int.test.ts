import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import { queryRows } from '../../core/db/database.js';
import { emitEvent } from '../../core/events/events.js';
import { newMember, type MatrixWorld } from '../../matrix/matrix.js';
import { actorFor, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { enqueueScheduled } from '../../core/jobs/schedules.js';
import { SCHEDULES } from '../../modules.js';
import { goalRolloverSchedule, rollOverGoals, rollOverOrganization } from '../../use-cases/goal-rollover.js';
import {
  defaultPipelineOf,
  insertCustomer,
  type PipelineFixture,
} from '../opportunities/opportunities.fixtures.js';
import { taskAssignees, tasks } from '../tasks/tasks.tables.js';
import { goalProgressHandler } from './goal-milestones.js';
import { listGoals } from './goals.commands.js';
import { calendarPeriod } from './goal-periods.js';

interface Goal {
  id: string;
  name: string;
  metric: string;
  interactionType: string | null;
  target: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  ownerUser: { id: string; name: string } | null;
  ownerTeam: { id: string; name: string } | null;
  recurring: boolean;
  seriesId: string;
  achievedAt: string | null;
  progress: {
    value: string;
    target: string;
    percent: number;
    met: boolean;
    milestones: { percent: number; reachedAt: string }[];
  };
  version: number;
}

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
  current?: Goal;
}

interface Ranking {
  period: string;
  periodStart: string;
  items: {
    team: { id: string; name: string };
    user: { id: string; name: string };
    value: string;
    rank: number;
    goal: { id: string; target: string; percent: number } | null;
  }[];
}

describe('goals', () => {
  const suite = useOrganizationApp({ organizationName: 'Goal Corp' });
  let sales: PipelineFixture;
  let customer: string;
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;

  const db = () => suite.app.database.db;
  const inDb = <T>(query: ReturnType<typeof sql>) =>
    db().transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));
  /** A fresh Sales Rep (no records yet), so each test counts only its own. */
  const member = () => newMember({ app: suite.app, org: suite.org } as MatrixWorld);
  const expectCreated = async <T = Goal>(response: Response): Promise<T> => {
    if (response.status !== 201)
      throw new Error(
        `${response.status} ${await response.text()} ${JSON.stringify(suite.app.logs.filter((l) => l.err).at(-1)?.err).slice(-600)}`,
      );
    return json<T>(response);
  };
  const newGoal = (client: TestClient, body: object) =>
    client.post('/api/v1/goals', body).then(expectCreated);
  const readGoal = async (client: TestClient, id: string) =>
    json<Goal>(await client.get(`/api/v1/goals/${id}`));
  const pathsOf = async (response: Response) => {
    expect(response.status).toBe(422);
    return [...new Set((await json<Problem>(response)).errors?.map((error) => error.path))];
  };
  /** A deal of `ownerId` made by the admin; in the won stage unless `stage` says otherwise. */
  const deal = async (
    ownerId: string,
    amount: string,
    options: { currency?: string; stage?: 'open' | 'won' } = {},
  ) =>
    expectCreated<{ id: string; closedAt: string | null; version: number }>(
      await suite.admin.post('/api/v1/opportunities', {
        name: `Deal ${newId().slice(-6)}`,
        customerId: customer,
        ownerId,
        amount,
        ...(options.currency && { currency: options.currency }),
        stageId: options.stage === 'open' ? sales.open[0] : sales.won,
      }),
    );
  const interaction = (ownerId: string, type: string, occurredAt: string) =>
    suite.admin.post('/api/v1/interactions', { type, ownerId, occurredAt, summary: 'x' }).then(expectCreated);
  const goalEvents = (goalId: string) =>
    inDb<{ name: string; payload: Record<string, unknown> }>(
      sql`select name, payload from domain_events where stream_type = 'goal' and stream_id = ${goalId} order by position`,
    );

  beforeAll(async () => {
    const { tenantId } = suite.org;
    sales = await defaultPipelineOf(db(), tenantId);
    customer = await insertCustomer(db(), tenantId, { name: 'Initech', ownerId: suite.org.admin.id });
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
    const rates = { version: 1, baseCurrency: 'USD', rates: { EUR: '1.10' } };
    expect((await suite.admin.request('PUT', '/api/v1/currency-settings', rates)).status).toBe(200);
  });

  describe('progress, computed from the records', () => {
    it('revenue_won sums the won deals of the owner in the base currency; deals_won counts them', async () => {
      const seller = await member();
      const won = await deal(seller, '1000');
      expect(won.closedAt).not.toBeNull();
      await deal(seller, '500', { currency: 'EUR' });
      await deal(seller, '9999', { stage: 'open' });
      await deal(suite.org.otherRep.id, '7777');
      const revenue = await newGoal(suite.admin, {
        name: 'Revenue',
        metric: 'revenue_won',
        target: '10000',
        period: 'month',
        ownerUserId: seller,
      });
      expect(revenue.progress).toMatchObject({
        value: '1550.00',
        target: '10000.00',
        percent: 15.5,
        met: false,
      });
      const month = calendarPeriod('month', new Date());
      expect([revenue.periodStart, revenue.periodEnd]).toEqual([
        month.start.toISOString(),
        month.end.toISOString(),
      ]);
      const count = await newGoal(suite.admin, {
        name: 'Deals',
        metric: 'deals_won',
        target: 5,
        period: 'quarter',
        ownerUserId: seller,
      });
      expect(count.progress).toMatchObject({ value: '2', target: '5', percent: 40 });
      // A deal that is no longer won stops counting.
      expect((await suite.admin.delete(`/api/v1/opportunities/${won.id}`)).status).toBe(204);
      expect((await readGoal(suite.admin, revenue.id)).progress.value).toBe('550.00');
    });

    it('pipeline_created sums the deals created in the period, whatever their stage', async () => {
      const seller = await member();
      await deal(seller, '100', { stage: 'open' });
      await deal(seller, '250.50');
      const goal = await newGoal(suite.admin, {
        name: 'Pipeline',
        metric: 'pipeline_created',
        target: '1000',
        period: 'week',
        ownerUserId: seller,
      });
      expect(goal.progress).toMatchObject({ value: '350.50', percent: 35.1 });
    });

    it('interactions_logged counts the type asked for, inside the week [Monday, next Monday) in UTC', async () => {
      const seller = await member();
      await interaction(seller, 'call', '2026-03-01T23:59:59Z'); // Sunday before: out
      await interaction(seller, 'call', '2026-03-02T00:00:00Z'); // Monday: in
      await interaction(seller, 'call', '2026-03-08T23:59:59Z'); // Sunday: in
      await interaction(seller, 'email', '2026-03-05T12:00:00Z'); // another type
      await interaction(seller, 'call', '2026-03-09T00:00:00Z'); // next Monday: out
      const calls = await newGoal(suite.admin, {
        name: 'Calls',
        metric: 'interactions_logged',
        interactionType: 'call',
        target: 4,
        period: 'week',
        periodStart: '2026-03-04T10:00:00Z',
        ownerUserId: seller,
        recurring: false,
      });
      expect(calls).toMatchObject({
        periodStart: '2026-03-02T00:00:00.000Z',
        periodEnd: '2026-03-09T00:00:00.000Z',
        progress: { value: '2', percent: 50 },
      });
      const all = await newGoal(suite.admin, {
        name: 'Touches',
        metric: 'interactions_logged',
        target: 10,
        period: 'quarter',
        periodStart: '2026-02-15T00:00:00Z',
        ownerUserId: seller,
        recurring: false,
      });
      expect(all).toMatchObject({
        periodStart: '2026-01-01T00:00:00.000Z',
        periodEnd: '2026-04-01T00:00:00.000Z',
        progress: { value: '5', percent: 50 },
      });
    });

    it('tasks_completed counts done tasks assigned to the owner, never private ones', async () => {
      const seller = await member();
      const now = new Date();
      const lastYear = new Date(now.getTime() - 400 * 24 * 3_600_000);
      await db().transaction({ tenantId: suite.org.tenantId }, async (tx) => {
        const task = async (values: Partial<typeof tasks.$inferInsert>) => {
          const id = newId();
          await tx.insert(tasks).values({
            tenantId: suite.org.tenantId,
            id,
            title: 'Follow up',
            createdBy: suite.org.admin.id,
            ...values,
          });
          await tx.insert(taskAssignees).values({ tenantId: suite.org.tenantId, taskId: id, userId: seller });
        };
        await task({ status: 'done', completedAt: now });
        await task({ status: 'done', completedAt: now, visibility: 'collaborative' });
        await task({ status: 'done', completedAt: now, visibility: 'private' });
        await task({ status: 'todo' });
        await task({ status: 'done', completedAt: lastYear });
        await task({ status: 'done', completedAt: now, deletedAt: now });
      });
      const goal = await newGoal(suite.admin, {
        name: 'Tasks',
        metric: 'tasks_completed',
        target: 8,
        period: 'year',
        ownerUserId: seller,
      });
      expect(goal.progress).toMatchObject({ value: '2', percent: 25 });
    });

    it("a team goal counts its members' records", async () => {
      const [a, b, outsider] = [await member(), await member(), await member()];
      const team = await expectCreated<{ id: string }>(
        await suite.admin.post('/api/v1/teams', { name: 'North' }),
      );
      for (const userId of [a, b])
        expect(
          (await suite.admin.post(`/api/v1/teams/${team.id}/members`, { userId, role: 'member' })).status,
        ).toBe(200);
      await deal(a, '300');
      await deal(b, '200');
      await deal(outsider, '1000');
      const goal = await newGoal(suite.admin, {
        name: 'North revenue',
        metric: 'revenue_won',
        target: '1000',
        period: 'month',
        ownerTeamId: team.id,
      });
      expect(goal).toMatchObject({ ownerTeam: { id: team.id, name: 'North' }, ownerUser: null });
      expect(goal.progress).toMatchObject({ value: '500.00', percent: 50 });
    });
  });

  it('reads a page of goals and their progress in the same number of statements, however many goals', async () => {
    const seller = await member();
    const body = { name: 'G', metric: 'deals_won', target: 3, period: 'month', ownerUserId: seller };
    for (let i = 0; i < 6; i++) await newGoal(suite.admin, { ...body, name: `G${i}` });
    const actor = actorFor(suite.org, suite.org.admin, 'org_admin');
    /** Statements the list sends: every query a command starts goes through one of these methods. */
    const statements = (limit: number) =>
      db().transaction({ tenantId: suite.org.tenantId }, async (tx) => {
        let sent = 0;
        const counted = new Proxy(tx, {
          get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (['select', 'execute', 'insert', 'update', 'delete'].includes(String(property))) sent += 1;
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
        const page = await listGoals({ actor, tx: counted, limit, ownerUserId: seller });
        expect(page.items).toHaveLength(limit);
        expect(page.items.every((item) => item.progress?.value === '0')).toBe(true);
        return sent;
      });
    const one = await statements(1);
    expect(one).toBeGreaterThan(0);
    expect(await statements(6)).toBe(one);
  });

  it('lists filter by owner, metric, period and whether the period holds now, latest period first', async () => {
    const seller = await member();
    const base = { name: 'F', target: 3, ownerUserId: seller };
    const now = await newGoal(suite.admin, { ...base, metric: 'deals_won', period: 'month' });
    const past = await newGoal(suite.admin, {
      ...base,
      metric: 'interactions_logged',
      period: 'week',
      periodStart: '2026-01-07T00:00:00Z',
    });
    const list = async (query: string) =>
      (
        await json<{ items: Goal[] }>(await suite.admin.get(`/api/v1/goals?ownerUserId=${seller}${query}`))
      ).items.map((goal) => goal.id);
    expect(await list('')).toEqual([now.id, past.id]);
    expect(await list('&current=true')).toEqual([now.id]);
    expect(await list('&current=false')).toEqual([past.id]);
    expect(await list('&metric=interactions_logged')).toEqual([past.id]);
    expect(await list('&period=month')).toEqual([now.id]);
    expect(await pathsOf(await suite.admin.get('/api/v1/goals?cursor=nonsense'))).toEqual(['query.cursor']);
  });

  describe('bad input: 422 naming the field', () => {
    const base = () => ({
      name: 'G',
      metric: 'deals_won',
      target: 3,
      period: 'month',
      ownerUserId: suite.org.rep.id,
    });

    it('custom periods need an end after their start; calendar periods take no end', async () => {
      const custom = { ...base(), period: 'custom', periodStart: '2026-03-01T00:00:00Z' };
      expect(await pathsOf(await suite.admin.post('/api/v1/goals', custom))).toEqual(['body.periodEnd']);
      const backwards = { ...custom, periodEnd: '2026-02-01T00:00:00Z' };
      expect(await pathsOf(await suite.admin.post('/api/v1/goals', backwards))).toEqual(['body.periodEnd']);
      const empty = { ...custom, periodEnd: '2026-03-01T00:00:00Z' };
      expect(await pathsOf(await suite.admin.post('/api/v1/goals', empty))).toEqual(['body.periodEnd']);
      const endless = { ...base(), periodEnd: '2026-04-01T00:00:00Z' };
      expect(await pathsOf(await suite.admin.post('/api/v1/goals', endless))).toEqual(['body.periodEnd']);
      const sprint = await newGoal(suite.admin, { ...custom, periodEnd: '2026-03-15T00:00:00Z' });
      expect(sprint).toMatchObject({
        period: 'custom',
        periodStart: '2026-03-01T00:00:00.000Z',
        periodEnd: '2026-03-15T00:00:00.000Z',
        recurring: false,
      });
      const later = { version: sprint.version, periodEnd: '2026-02-01T00:00:00Z' };
      expect(await pathsOf(await suite.admin.patch(`/api/v1/goals/${sprint.id}`, later))).toEqual([
        'body.periodEnd',
      ]);
    });

    it('targets fit the metric; owners are exactly one; progress cannot be typed in', async () => {
      const post = (body: object) => suite.admin.post('/api/v1/goals', body);
      expect(await pathsOf(await post({ ...base(), target: 0 }))).toEqual(['body.target']);
      expect(await pathsOf(await post({ ...base(), target: '2.5' }))).toEqual(['body.target']);
      expect(await pathsOf(await post({ ...base(), metric: 'revenue_won', target: '-5' }))).toEqual([
        'body.target',
      ]);
      expect(await pathsOf(await post({ ...base(), metric: 'revenue_won', target: '1.234' }))).toEqual([
        'body.target',
      ]);
      expect(await pathsOf(await post({ ...base(), ownerTeamId: suite.org.teamId }))).toEqual([
        'body.ownerTeamId',
      ]);
      const { ownerUserId: _ownerUserId, ...ownerless } = base();
      expect(await pathsOf(await post(ownerless))).toEqual(['body.ownerUserId']);
      expect(await pathsOf(await post({ ...base(), interactionType: 'call' }))).toEqual([
        'body.interactionType',
      ]);
      expect(await pathsOf(await post({ ...base(), ownerUserId: newId() }))).toEqual(['body.ownerUserId']);
      expect(await pathsOf(await post({ ...base(), ownerUserId: undefined, ownerTeamId: newId() }))).toEqual([
        'body.ownerTeamId',
      ]);
      // Every field at fault at once.
      const manyWrong = { ...base(), target: 0, period: 'custom', periodStart: '2026-03-01T00:00:00Z' };
      expect(await pathsOf(await post({ ...manyWrong, ownerTeamId: suite.org.teamId }))).toEqual([
        'body.target',
        'body.periodEnd',
        'body.ownerTeamId',
      ]);
      expect((await post({ ...base(), progress: 80 })).status).toBe(422);
      expect((await post({ ...base(), value: '80' })).status).toBe(422);
    });
  });

  describe('permissions', () => {
    let repGoal: Goal;
    let westGoal: Goal;
    let otherRepGoal: Goal;

    beforeAll(async () => {
      const body = { name: 'Q', metric: 'deals_won', target: 10, period: 'quarter' };
      repGoal = await newGoal(manager, { ...body, ownerUserId: suite.org.rep.id });
      westGoal = await newGoal(manager, { ...body, ownerTeamId: suite.org.teamId });
      otherRepGoal = await newGoal(suite.admin, { ...body, ownerUserId: suite.org.otherRep.id });
    });

    it("managers set goals for themselves, their teams and their members, nobody else's", async () => {
      const body = { name: 'Q', metric: 'deals_won', target: 10, period: 'quarter' };
      await newGoal(manager, { ...body, ownerUserId: suite.org.manager.id });
      expect(
        await pathsOf(await manager.post('/api/v1/goals', { ...body, ownerUserId: suite.org.otherRep.id })),
      ).toEqual(['body.ownerUserId']);
      const south = await expectCreated<{ id: string }>(
        await suite.admin.post('/api/v1/teams', { name: 'South' }),
      );
      expect(await pathsOf(await manager.post('/api/v1/goals', { ...body, ownerTeamId: south.id }))).toEqual([
        'body.ownerTeamId',
      ]);
      expect(
        await pathsOf(
          await manager.patch(`/api/v1/goals/${repGoal.id}`, {
            version: repGoal.version,
            ownerUserId: suite.org.otherRep.id,
          }),
        ),
      ).toEqual(['body.ownerUserId']);
      // Org Admins set anyone's.
      await newGoal(suite.admin, { ...body, ownerTeamId: south.id });
    });

    it("reps read their own and their team's goals, and change none", async () => {
      const listed = await json<{ items: Goal[] }>(await rep.get('/api/v1/goals?limit=200'));
      const ids = listed.items.map((goal) => goal.id);
      expect(ids).toEqual(expect.arrayContaining([repGoal.id, westGoal.id]));
      expect(ids).not.toContain(otherRepGoal.id);
      expect((await rep.get(`/api/v1/goals/${westGoal.id}`)).status).toBe(200);
      expect((await rep.get(`/api/v1/goals/${otherRepGoal.id}`)).status).toBe(404);
      expect((await otherRep.get(`/api/v1/goals/${repGoal.id}`)).status).toBe(404);
      expect((await otherRep.get(`/api/v1/goals/${westGoal.id}`)).status).toBe(404);
      expect((await manager.get(`/api/v1/goals/${otherRepGoal.id}`)).status).toBe(404);
      const body = {
        name: 'Mine',
        metric: 'deals_won',
        target: 1,
        period: 'week',
        ownerUserId: suite.org.rep.id,
      };
      expect((await rep.post('/api/v1/goals', body)).status).toBe(403);
      expect(
        (await rep.patch(`/api/v1/goals/${repGoal.id}`, { version: repGoal.version, target: 1 })).status,
      ).toBe(403);
      expect((await rep.delete(`/api/v1/goals/${repGoal.id}`)).status).toBe(403);
      // A manager changing a goal they cannot see gets 404, not 403.
      expect((await manager.delete(`/api/v1/goals/${otherRepGoal.id}`)).status).toBe(404);
    });

    it('updates carry the version (stale: 409 with the current goal); deletion hides the goal', async () => {
      const goal = await newGoal(manager, {
        name: 'Calls',
        metric: 'interactions_logged',
        target: 5,
        period: 'month',
        ownerUserId: suite.org.rep.id,
      });
      const renamed = await json<Goal>(
        await manager.patch(`/api/v1/goals/${goal.id}`, { version: goal.version, name: 'Dials', target: 6 }),
      );
      expect(renamed).toMatchObject({ name: 'Dials', target: '6', version: goal.version + 1 });
      const stale = await manager.patch(`/api/v1/goals/${goal.id}`, { version: goal.version, name: 'Late' });
      expect(stale.status).toBe(409);
      expect((await json<Problem>(stale)).current).toMatchObject({ id: goal.id, name: 'Dials' });
      expect((await manager.delete(`/api/v1/goals/${goal.id}`)).status).toBe(204);
      expect((await manager.get(`/api/v1/goals/${goal.id}`)).status).toBe(404);
      expect((await goalEvents(goal.id)).map((event) => event.name)).toEqual([
        'goal.created',
        'goal.updated',
        'goal.deleted',
      ]);
      const [created] = await goalEvents(goal.id);
      expect(created!.payload).toEqual({
        goalId: goal.id,
        name: 'Calls',
        ownerUserId: suite.org.rep.id,
        ownerTeamId: null,
      });
      const audit = await inDb<{ action: string }>(
        sql`select action from audit_logs where entity_id = ${goal.id} order by created_at, id`,
      );
      expect(audit.map((entry) => entry.action)).toEqual(['goal.created', 'goal.updated', 'goal.deleted']);
    });
  });

  describe('milestones', () => {
    it('raises 50, 75 and 100 % once each, even when the handler runs twice', async () => {
      const seller = await member();
      const goal = await newGoal(suite.admin, {
        name: 'Four deals',
        metric: 'deals_won',
        target: 4,
        period: 'month',
        ownerUserId: seller,
      });
      const milestones = async () =>
        (await goalEvents(goal.id))
          .filter((event) => event.name !== 'goal.created')
          .map((event) => `${event.name}:${String(event.payload.percent)}`);
      await deal(seller, '10');
      await suite.app.drainEvents();
      expect(await milestones()).toEqual([]);
      const second = await deal(seller, '10');
      await suite.app.drainEvents();
      expect(await milestones()).toEqual(['goal.milestone_reached:50']);
      // The same event once more (a redelivery): nothing new.
      const handler = goalProgressHandler();
      const redelivered = {
        tenantId: suite.org.tenantId,
        position: 0,
        name: 'opportunity.stage_changed' as const,
        streamType: 'opportunity',
        streamId: second.id,
        payload: { opportunityId: second.id, ownerId: seller, status: 'won' },
        actorId: null,
        via: 'system' as const,
        occurredAt: new Date(),
      };
      await db().transaction({ tenantId: suite.org.tenantId }, (tx) => handler.handle(redelivered, tx));
      await db().transaction({ tenantId: suite.org.tenantId }, (tx) => handler.handle(redelivered, tx));
      expect(await milestones()).toEqual(['goal.milestone_reached:50']);
      await deal(seller, '10');
      await suite.app.drainEvents();
      await deal(seller, '10');
      await suite.app.drainEvents();
      await suite.app.drainEvents();
      expect(await milestones()).toEqual([
        'goal.milestone_reached:50',
        'goal.milestone_reached:75',
        'goal.milestone_reached:100',
        'goal.achieved:100',
      ]);
      const events = await goalEvents(goal.id);
      expect(events.find((event) => event.name === 'goal.achieved')!.payload).toEqual({
        goalId: goal.id,
        name: 'Four deals',
        percent: 100,
        value: '4',
        target: '4',
        metric: 'deals_won',
        ownerUserId: seller,
        ownerTeamId: null,
      });
      const read = await readGoal(suite.admin, goal.id);
      expect(read.achievedAt).not.toBeNull();
      expect(read.progress).toMatchObject({ value: '4', percent: 100, met: true });
      expect(read.progress.milestones.map((m) => m.percent)).toEqual([50, 75, 100]);
    });

    it('a goal created already past 50 % reaches it at once; interactions and tasks move goals too', async () => {
      const seller = await member();
      const now = new Date().toISOString();
      for (let i = 0; i < 3; i++) await interaction(seller, 'call', now);
      const goal = await newGoal(suite.admin, {
        name: 'Five calls',
        metric: 'interactions_logged',
        target: 5,
        period: 'week',
        ownerUserId: seller,
      });
      expect(goal.progress.percent).toBe(60);
      expect(goal.progress.milestones.map((m) => m.percent)).toEqual([50]);
      await interaction(seller, 'meeting', now);
      await suite.app.drainEvents();
      expect((await readGoal(suite.admin, goal.id)).progress.milestones.map((m) => m.percent)).toEqual([
        50, 75,
      ]);

      const tasksGoal = await newGoal(suite.admin, {
        name: 'One task',
        metric: 'tasks_completed',
        target: 1,
        period: 'week',
        ownerUserId: seller,
      });
      const taskId = newId();
      await db().transaction({ tenantId: suite.org.tenantId }, async (tx) => {
        const { tenantId } = suite.org;
        await tx.insert(tasks).values({
          tenantId,
          id: taskId,
          title: 'Send deck',
          createdBy: suite.org.admin.id,
          status: 'done',
          completedAt: new Date(),
        });
        await tx.insert(taskAssignees).values({ tenantId, taskId, userId: seller });
        await emitEvent(tx, tenantId, {
          name: 'task.completed',
          stream: { type: 'task', id: taskId },
          payload: { taskId, assigneeIds: [seller] },
        });
      });
      await suite.app.drainEvents();
      const done = await readGoal(suite.admin, tasksGoal.id);
      expect(done.progress.milestones.map((m) => m.percent)).toEqual([50, 75, 100]);
      expect((await goalEvents(tasksGoal.id)).map((event) => event.name)).toContain('goal.achieved');
    });
    it('a task completed through the tasks API moves a tasks_completed goal', async () => {
      const seller = await member();
      const goal = await newGoal(suite.admin, {
        name: 'Two tasks',
        metric: 'tasks_completed',
        target: 2,
        period: 'month',
        ownerUserId: seller,
      });
      const task = await expectCreated<{ id: string; version: number }>(
        await suite.admin.post('/api/v1/tasks', { title: 'Call back', assigneeIds: [seller] }),
      );
      const done = await suite.admin.patch(`/api/v1/tasks/${task.id}`, {
        version: task.version,
        status: 'done',
      });
      expect(done.status).toBe(200);
      await suite.app.drainEvents();
      const read = await readGoal(suite.admin, goal.id);
      expect(read.progress).toMatchObject({ value: '1', percent: 50 });
      expect(read.progress.milestones.map((m) => m.percent)).toEqual([50]);
    });

    it('a raised target forgets the milestones no longer reached, and they are raised again later', async () => {
      const seller = await member();
      await deal(seller, '10');
      await deal(seller, '10');
      const goal = await newGoal(suite.admin, {
        name: 'Two deals',
        metric: 'deals_won',
        target: 2,
        period: 'month',
        ownerUserId: seller,
      });
      expect(goal.achievedAt).not.toBeNull();
      expect(goal.progress.milestones.map((m) => m.percent)).toEqual([50, 75, 100]);
      const raised = await json<Goal>(
        await suite.admin.patch(`/api/v1/goals/${goal.id}`, { version: goal.version, target: 4 }),
      );
      expect(raised).toMatchObject({ achievedAt: null, progress: { value: '2', percent: 50, met: false } });
      expect(raised.progress.milestones.map((m) => m.percent)).toEqual([50]);
      // A rename changes nothing about milestones.
      const renamed = await json<Goal>(
        await suite.admin.patch(`/api/v1/goals/${goal.id}`, { version: raised.version, name: 'Four deals' }),
      );
      expect(renamed.progress.milestones.map((m) => m.percent)).toEqual([50]);
      await deal(seller, '10');
      await deal(seller, '10');
      await suite.app.drainEvents();
      const again = await readGoal(suite.admin, goal.id);
      expect(again.achievedAt).not.toBeNull();
      expect(again.progress.milestones.map((m) => m.percent)).toEqual([50, 75, 100]);
      const names = (await goalEvents(goal.id)).map(
        (event) => `${event.name}:${String(event.payload.percent)}`,
      );
      expect(names.filter((name) => name === 'goal.achieved:100')).toHaveLength(2);
      expect(names.filter((name) => name === 'goal.milestone_reached:50')).toHaveLength(1);
    });
  });

  describe('period rollover and history', () => {
    it('creates the next periods of recurring goals once, however often it runs', async () => {
      const seller = await member();
      const now = new Date();
      const threeWeeksAgo = new Date(now.getTime() - 21 * 24 * 3_600_000);
      const weekly = await newGoal(suite.admin, {
        name: 'Weekly calls',
        metric: 'interactions_logged',
        target: 2,
        period: 'week',
        periodStart: threeWeeksAgo.toISOString(),
        ownerUserId: seller,
      });
      const oneOff = await newGoal(suite.admin, {
        name: 'One-off',
        metric: 'deals_won',
        target: 2,
        period: 'week',
        periodStart: threeWeeksAgo.toISOString(),
        ownerUserId: seller,
        recurring: false,
      });
      await interaction(seller, 'call', threeWeeksAgo.toISOString());
      await interaction(seller, 'call', threeWeeksAgo.toISOString());
      const seriesCount = async (seriesId: string) =>
        (
          await inDb<{ n: number }>(sql`select count(*)::int as n from goals where series_id = ${seriesId}`)
        )[0]!.n;

      const runs = await Promise.all([
        rollOverOrganization({ db: db(), tenantId: suite.org.tenantId, now }),
        rollOverOrganization({ db: db(), tenantId: suite.org.tenantId, now }),
      ]);
      expect(await seriesCount(weekly.id)).toBe(4);
      expect(runs.reduce((sum, run) => sum + run.created, 0)).toBeGreaterThanOrEqual(3);
      const again = await rollOverGoals({ db: db(), now });
      expect(again.find((run) => run.tenantId === suite.org.tenantId)!.created).toBe(0);
      expect(await seriesCount(weekly.id)).toBe(4);
      expect(await seriesCount(oneOff.id)).toBe(1);

      const history = await json<{ items: Goal[]; nextCursor: string | null }>(
        await suite.admin.get(`/api/v1/goals/${weekly.id}/history`),
      );
      expect(history.items).toHaveLength(4);
      const current = calendarPeriod('week', now);
      expect(history.items[0]).toMatchObject({
        periodStart: current.start.toISOString(),
        name: 'Weekly calls',
        target: '2',
      });
      expect(history.items.map((goal) => goal.periodStart)).toEqual(
        [...history.items.map((goal) => goal.periodStart)].sort().reverse(),
      );
      expect(history.items.at(-1)).toMatchObject({ id: weekly.id, progress: { value: '2', met: true } });
      expect(
        history.items.slice(0, 3).every((goal) => !goal.progress.met && goal.seriesId === weekly.id),
      ).toBe(true);
      // Paged.
      const first = await json<{ items: Goal[]; nextCursor: string }>(
        await suite.admin.get(`/api/v1/goals/${weekly.id}/history?limit=3`),
      );
      const rest = await json<{ items: Goal[] }>(
        await suite.admin.get(`/api/v1/goals/${weekly.id}/history?limit=3&cursor=${first.nextCursor}`),
      );
      expect([...first.items, ...rest.items].map((goal) => goal.id)).toEqual(
        history.items.map((goal) => goal.id),
      );
    });

    it('is scheduled daily after midnight UTC, and a worker runs the job', async () => {
      expect(SCHEDULES).toContainEqual(goalRolloverSchedule);
      expect(goalRolloverSchedule).toMatchObject({ cron: '5 0 * * *', queue: QUEUES.goalRollover });
      const seller = await member();
      const lastMonth = new Date(Date.now() - 35 * 24 * 3_600_000);
      const monthly = await newGoal(suite.admin, {
        name: 'Monthly',
        metric: 'deals_won',
        target: 1,
        period: 'month',
        periodStart: lastMonth.toISOString(),
        ownerUserId: seller,
      });
      const queue = suite.app.queue;
      const jobId = await enqueueScheduled(queue, goalRolloverSchedule, new Date('2026-03-04T00:05:00Z'));
      expect(jobId).not.toBeNull();
      const deadline = Date.now() + 20_000;
      let state: string | undefined;
      while (Date.now() < deadline) {
        state = (await queue.boss.getJobById(QUEUES.goalRollover, jobId!))?.state;
        if (state === 'completed' || state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(state).toBe('completed');
      const history = await json<{ items: Goal[] }>(
        await suite.admin.get(`/api/v1/goals/${monthly.id}/history`),
      );
      expect(history.items[0]!.periodStart).toBe(calendarPeriod('month', new Date()).start.toISOString());
    });
  });

  describe('rankings', () => {
    it("ranks the members of the caller's teams by the metric over the current period", async () => {
      const [ana, ben, cy] = [await member(), await member(), await member()];
      const team = await expectCreated<{ id: string }>(
        await suite.admin.post('/api/v1/teams', { name: 'East' }),
      );
      for (const userId of [ana, ben, cy])
        expect(
          (await suite.admin.post(`/api/v1/teams/${team.id}/members`, { userId, role: 'member' })).status,
        ).toBe(200);
      await deal(ben, '10');
      await deal(ben, '10');
      await deal(ana, '10');
      const goal = await newGoal(suite.admin, {
        name: 'Ana',
        metric: 'deals_won',
        target: 4,
        period: 'month',
        ownerUserId: ana,
      });
      const ranking = await json<Ranking>(
        await suite.admin.get(`/api/v1/goals/rankings?period=month&metric=deals_won&teamId=${team.id}`),
      );
      expect(ranking.periodStart).toBe(calendarPeriod('month', new Date()).start.toISOString());
      expect(ranking.items.map((item) => [item.user.id, item.value, item.rank])).toEqual([
        [ben, '2', 1],
        [ana, '1', 2],
        [cy, '0', 3],
      ]);
      expect(ranking.items[1]!.goal).toEqual({ id: goal.id, target: '4', percent: 25 });
      expect(ranking.items[0]!.goal).toBeNull();

      // A rep sees the ranking of their own team only.
      const repView = await json<Ranking>(await rep.get('/api/v1/goals/rankings?metric=deals_won'));
      expect([...new Set(repView.items.map((item) => item.team.id))]).toEqual([suite.org.teamId]);
      const foreign = await json<Ranking>(await rep.get(`/api/v1/goals/rankings?teamId=${team.id}`));
      expect(foreign.items).toEqual([]);
      expect((await rep.get('/api/v1/goals/rankings?period=custom')).status).toBe(422);
    });
  });
});
