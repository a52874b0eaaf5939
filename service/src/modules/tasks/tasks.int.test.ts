import { beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq, inArray } from 'drizzle-orm';
import { customers, domainEvents, opportunities, pipelines, stages } from '../../core/db/schema.js';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

interface Task {
  id: string;
  title: string;
  description: string;
  category: string;
  priority: string;
  status: string;
  visibility: string;
  teamId: string | null;
  dueAt: string | null;
  reminderOffsetsMinutes: number[] | null;
  progress: number;
  estimateMinutes: number | null;
  trackedMinutes: number;
  customerId: string | null;
  opportunityId: string | null;
  recurrence: string | null;
  seriesId: string | null;
  createdBy: string;
  assigneeIds: string[];
  watcherIds: string[];
  blockedBy: string[];
  completedAt: string | null;
  deletedAt: string | null;
  version: number;
  statusHistory?: { fromStatus: string | null; toStatus: string; changedBy: string | null }[];
  timeEntries?: { source: string; minutes: number | null; endedAt: string | null }[];
}
interface Page<T = Task> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  current?: Task;
}

const NOT_A_RECORD = '01900000-0000-7000-8000-000000000000';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('tasks', () => {
  const suite = useOrganizationApp({ organizationName: 'Vandelay Industries' });
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
  });

  const inTenant = <T>(work: Parameters<typeof suite.app.database.db.transaction<T>>[1]) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, work);

  const problem = async (response: Response) => {
    const body = await json<Problem>(response);
    return { status: response.status, paths: body.errors?.map((error) => error.path), body };
  };

  async function create(client: TestClient, body: Record<string, unknown>): Promise<Task> {
    const response = await client.post('/api/v1/tasks', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    return json<Task>(response);
  }

  async function patch(client: TestClient, task: Task, body: Record<string, unknown>): Promise<Task> {
    const response = await client.patch(`/api/v1/tasks/${task.id}`, { version: task.version, ...body });
    if (response.status !== 200) throw new Error(`patch: ${response.status} ${await response.text()}`);
    return json<Task>(response);
  }

  async function eventsOf(taskId: string) {
    return inTenant((tx) =>
      tx
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.streamType, 'task'), eq(domainEvents.streamId, taskId)))
        .orderBy(domainEvents.position),
    );
  }

  async function newCustomer(name: string, ownerId: string): Promise<string> {
    const [row] = await inTenant((tx) =>
      tx.insert(customers).values({ tenantId: suite.org.tenantId, name, ownerId }).returning(),
    );
    return row!.id;
  }

  async function newOpportunity(name: string, customerId: string, ownerId: string): Promise<string> {
    const tenantId = suite.org.tenantId;
    return inTenant(async (tx) => {
      const [pipeline] = await tx
        .insert(pipelines)
        .values({ tenantId, name: `Pipeline for ${name}` })
        .returning();
      const [stage] = await tx
        .insert(stages)
        .values({ tenantId, pipelineId: pipeline!.id, name: 'Qualification', probability: 20, position: 0 })
        .returning();
      const [opportunity] = await tx
        .insert(opportunities)
        .values({
          tenantId,
          name,
          customerId,
          currency: 'USD',
          amount: '1000.00',
          pipelineId: pipeline!.id,
          stageId: stage!.id,
          ownerId,
        })
        .returning();
      return opportunity!.id;
    });
  }

  it('creates, reads, updates with versions, deletes to the trash and restores', async () => {
    const kramerica = await newCustomer('Kramerica', suite.org.rep.id);
    const deal = await newOpportunity('Oil bladder', kramerica, suite.org.rep.id);
    const due = inDays(3);
    const created = await create(rep, {
      title: 'Send the bladder proposal',
      description: 'With the pricing sheet',
      category: 'proposal',
      priority: 'high',
      dueAt: due,
      estimateMinutes: 90,
      opportunityId: deal,
      reminderOffsetsMinutes: [60, 1440, 60],
    });
    expect(created).toMatchObject({
      title: 'Send the bladder proposal',
      category: 'proposal',
      priority: 'high',
      status: 'todo',
      visibility: 'team',
      dueAt: due,
      progress: 0,
      estimateMinutes: 90,
      trackedMinutes: 0,
      customerId: kramerica,
      opportunityId: deal,
      reminderOffsetsMinutes: [1440, 60],
      createdBy: suite.org.rep.id,
      assigneeIds: [suite.org.rep.id],
      watcherIds: [],
      blockedBy: [],
      version: 1,
    });

    const read = await json<Task>(await rep.get(`/api/v1/tasks/${created.id}`));
    expect(read.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'todo', changedBy: suite.org.rep.id }),
    ]);

    const started = await patch(rep, created, { status: 'in_progress', progress: 40 });
    expect(started).toMatchObject({ status: 'in_progress', progress: 40, version: 2 });
    const stale = await problem(await rep.patch(`/api/v1/tasks/${created.id}`, { version: 1, progress: 50 }));
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ progress: 40, version: 2 });
    const done = await patch(rep, started, { status: 'done' });
    expect(done.completedAt).not.toBeNull();
    const history = await json<Task>(await rep.get(`/api/v1/tasks/${created.id}`));
    expect(history.statusHistory!.map((change) => [change.fromStatus, change.toStatus])).toEqual([
      [null, 'todo'],
      ['todo', 'in_progress'],
      ['in_progress', 'done'],
    ]);

    // Manager (team West holds the rep) sees and lists it; the other rep does not.
    expect((await manager.get(`/api/v1/tasks/${created.id}`)).status).toBe(200);
    expect((await otherRep.get(`/api/v1/tasks/${created.id}`)).status).toBe(404);

    expect((await rep.delete(`/api/v1/tasks/${created.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/tasks/${created.id}`)).status).toBe(404);
    const trash = await json<Page>(await rep.get('/api/v1/tasks?deleted=true'));
    expect(trash.items.map((task) => task.id)).toEqual([created.id]);
    const restored = await rep.post(`/api/v1/tasks/${created.id}/restore`);
    expect(restored.status).toBe(200);
    expect((await json<Task>(restored)).deletedAt).toBeNull();

    const events = await eventsOf(created.id);
    expect(events.map((event) => event.name)).toEqual([
      'task.created',
      'task.assigned',
      'task.updated',
      'task.updated',
      'task.completed',
      'task.deleted',
      'task.restored',
    ]);
    expect(events[0]!.payload).toEqual({
      taskId: created.id,
      title: 'Send the bladder proposal',
      visibility: 'team',
      priority: 'high',
      status: 'todo',
      dueAt: due,
      createdBy: suite.org.rep.id,
      assigneeIds: [suite.org.rep.id],
      watcherIds: [],
      customerId: kramerica,
      opportunityId: deal,
    });
    expect(events[1]!.payload).toMatchObject({
      addedAssigneeIds: [suite.org.rep.id],
      assignedBy: suite.org.rep.id,
    });
    expect(events[2]!.payload).toMatchObject({
      changes: ['status', 'progress'],
      fromStatus: 'todo',
      toStatus: 'in_progress',
    });
    expect(events[3]!.payload).toMatchObject({ fromStatus: 'in_progress', toStatus: 'done' });
    expect(events[0]!.via).toBe('web');
    expect(events[0]!.actorId).toBe(suite.org.rep.id);
  });

  it('lists with filters and cursors', async () => {
    const tag = `filter-${Date.now()}`;
    const early = await create(manager, {
      title: `${tag} early`,
      dueAt: inDays(-2),
      priority: 'critical',
      assigneeIds: [suite.org.rep.id],
    });
    const late = await create(manager, { title: `${tag} late`, dueAt: inDays(5), category: 'training' });
    const undated = await create(manager, { title: `${tag} undated` });
    const ids = async (client: TestClient, query: string) =>
      (await json<Page>(await client.get(`/api/v1/tasks?q=${tag}&${query}`))).items.map((task) => task.id);
    expect(await ids(manager, '')).toEqual([early.id, late.id, undated.id]);
    expect(await ids(manager, 'overdue=true')).toEqual([early.id]);
    expect(await ids(manager, 'priority=critical')).toEqual([early.id]);
    expect(await ids(manager, 'category=training')).toEqual([late.id]);
    expect(await ids(manager, `assigneeId=${suite.org.rep.id}`)).toEqual([early.id]);
    expect(await ids(manager, 'mine=true')).toEqual([late.id, undated.id]);
    expect(await ids(rep, 'mine=true')).toEqual([early.id]);
    expect(await ids(manager, `dueBefore=${encodeURIComponent(inDays(1))}`)).toEqual([early.id]);
    expect(await ids(manager, `dueAfter=${encodeURIComponent(inDays(1))}`)).toEqual([late.id]);
    const first = await json<Page>(await manager.get(`/api/v1/tasks?q=${tag}&limit=2`));
    expect(first.items.map((task) => task.id)).toEqual([early.id, late.id]);
    const second = await json<Page>(
      await manager.get(`/api/v1/tasks?q=${tag}&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second).toEqual({ items: [expect.objectContaining({ id: undated.id })], nextCursor: null });
    const count = await json<{ count: number }>(await manager.get(`/api/v1/tasks/count?q=${tag}`));
    expect(count.count).toBe(3);
  });

  it('refuses bad input with 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', dueAt: 'next friday' }, 'body.dueAt'],
      [{ title: 'x', category: 'gardening' }, 'body.category'],
      [{ title: 'x', priority: 'urgent' }, 'body.priority'],
      [{ title: 'x', progress: 101 }, 'body.progress'],
      [{ title: 'x', assigneeIds: [NOT_A_RECORD] }, 'body.assigneeIds.0'],
      [{ title: 'x', customerId: NOT_A_RECORD }, 'body.customerId'],
      [{ title: 'x', opportunityId: NOT_A_RECORD }, 'body.opportunityId'],
      [{ title: 'x', blockedBy: [NOT_A_RECORD] }, 'body.blockedBy.0'],
      [{ title: 'x', teamId: NOT_A_RECORD }, 'body.teamId'],
      [{ title: 'x', dueAt: inDays(1), recurrence: 'FREQ=SOMETIMES' }, 'body.recurrence'],
      [{ title: 'x', dueAt: inDays(1), recurrence: 'FREQ=SECONDLY' }, 'body.recurrence'],
      [{ title: 'x', dueAt: inDays(1), recurrence: 'FREQ=MINUTELY;BYSECOND=0,30' }, 'body.recurrence'],
      [{ title: 'x', recurrence: 'FREQ=DAILY' }, 'body.recurrence'],
      [{ title: 'x', dueAt: inDays(1), recurrence: 'FREQ=MINUTELY;BYHOUR=25' }, 'body.recurrence'],
      [{ title: 'x', dueAt: inDays(1), recurrence: 'FREQ=DAILY;INTERVAL=0' }, 'body.recurrence'],
      [
        { title: 'x', dueAt: inDays(1), recurrence: 'FREQ=DAILY;DTSTART=20200101T000000Z' },
        'body.recurrence',
      ],
      // Valid, but so rare that computing it would tie up the service: refused within the time limit.
      [
        { title: 'x', dueAt: inDays(1), recurrence: 'FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30' },
        'body.recurrence',
      ],
      [{ title: '' }, 'body.title'],
    ];
    for (const [body, path] of cases) {
      const answer = await problem(await manager.post('/api/v1/tasks', body));
      expect({ body, status: answer.status, paths: answer.paths }).toEqual({
        body,
        status: 422,
        paths: [path],
      });
    }
    // A rep assigns only themselves; a manager only the members of the teams they manage.
    const repAssigns = await problem(
      await rep.post('/api/v1/tasks', { title: 'x', assigneeIds: [suite.org.rep.id, suite.org.otherRep.id] }),
    );
    expect(repAssigns).toMatchObject({ status: 422, paths: ['body.assigneeIds.1'] });
    expect(repAssigns.body.errors![0]!.message).toBe('you can only assign tasks to yourself');
    const managerAssigns = await problem(
      await manager.post('/api/v1/tasks', { title: 'x', assigneeIds: [suite.org.otherRep.id] }),
    );
    expect(managerAssigns).toMatchObject({ status: 422, paths: ['body.assigneeIds.0'] });
    expect(managerAssigns.body.errors![0]!.message).toBe(
      'you can only assign tasks to members of the teams you manage',
    );
    // Private and collaborative tasks need tasks.create_all_types.
    expect((await rep.post('/api/v1/tasks', { title: 'x', visibility: 'private' })).status).toBe(403);
    expect((await rep.post('/api/v1/tasks', { title: 'x', visibility: 'collaborative' })).status).toBe(403);
    // A private task has no watchers.
    const privateWatched = await problem(
      await manager.post('/api/v1/tasks', {
        title: 'x',
        visibility: 'private',
        watcherIds: [suite.org.rep.id],
      }),
    );
    expect(privateWatched).toMatchObject({ status: 422, paths: ['body.watcherIds'] });
    // A customer the rep cannot see is no link.
    const hidden = await newCustomer('Hidden Co', suite.org.otherRep.id);
    expect(await problem(await rep.post('/api/v1/tasks', { title: 'x', customerId: hidden }))).toMatchObject({
      status: 422,
      paths: ['body.customerId'],
    });
    // Nothing was written by any of these.
    const count = await json<{ count: number }>(await manager.get('/api/v1/tasks/count?q=x'));
    expect(count.count).toBe(0);
  });

  it('accepts organization categories, and refuses archived ones', async () => {
    expect(
      (await manager.post('/api/v1/task-categories', { key: 'site_visit', name: 'Site visit' })).status,
    ).toBe(403);
    const category = await json<{ id: string; key: string }>(
      await suite.admin.post('/api/v1/task-categories', { key: 'site_visit', name: 'Site visit' }),
    );
    expect(
      (await suite.admin.post('/api/v1/task-categories', { key: 'site_visit', name: 'Again' })).status,
    ).toBe(409);
    const list = await json<{ items: { key: string; builtIn: boolean }[] }>(
      await rep.get('/api/v1/task-categories'),
    );
    expect(list.items.map((item) => item.key)).toEqual([
      'follow_up',
      'proposal',
      'client_meeting',
      'data_entry',
      'training',
      'site_visit',
    ]);
    const task = await create(rep, { title: 'Visit the plant', category: 'site_visit' });
    expect(task.category).toBe('site_visit');
    await suite.admin.post(`/api/v1/task-categories/${category.id}/archive`);
    expect(
      await problem(await rep.post('/api/v1/tasks', { title: 'x', category: 'site_visit' })),
    ).toMatchObject({
      status: 422,
      paths: ['body.category'],
    });
  });

  it('keeps dependencies acyclic and completes a task only after its prerequisites', async () => {
    const a = await create(rep, { title: 'Gather requirements' });
    const b = await create(rep, { title: 'Draft proposal', blockedBy: [a.id] });
    const c = await create(rep, { title: 'Send proposal', blockedBy: [b.id] });
    expect(c.blockedBy).toEqual([b.id]);
    const cycle = await problem(
      await rep.patch(`/api/v1/tasks/${a.id}`, { version: a.version, blockedBy: [c.id] }),
    );
    expect(cycle).toMatchObject({ status: 422, paths: ['body.blockedBy'] });
    expect(cycle.body.errors![0]!.message).toContain(`${a.id} -> ${c.id} -> ${b.id} -> ${a.id}`);
    const self = await problem(
      await rep.patch(`/api/v1/tasks/${a.id}`, { version: a.version, blockedBy: [a.id] }),
    );
    expect(self).toMatchObject({ status: 422, paths: ['body.blockedBy.0'] });

    const early = await problem(
      await rep.patch(`/api/v1/tasks/${b.id}`, { version: b.version, status: 'done' }),
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain(a.id);
    const unchanged = await json<Task>(await rep.get(`/api/v1/tasks/${b.id}`));
    expect(unchanged).toMatchObject({ status: 'todo', version: b.version });
    await patch(rep, a, { status: 'done' });
    expect((await patch(rep, unchanged, { status: 'done' })).status).toBe('done');
  });

  it('tracks time: manual entries, one running timer per person and task', async () => {
    const task = await create(rep, { title: 'Enter the trade show leads', category: 'data_entry' });
    const manual = await rep.post(`/api/v1/tasks/${task.id}/time-entries`, {
      minutes: 25,
      note: 'first batch',
    });
    expect(manual.status).toBe(201);
    expect(await json(manual)).toMatchObject({ source: 'manual', minutes: 25, note: 'first batch' });
    expect((await rep.post(`/api/v1/tasks/${task.id}/timer/stop`)).status).toBe(409);
    const started = await rep.post(`/api/v1/tasks/${task.id}/timer/start`);
    expect(started.status).toBe(201);
    expect(await json(started)).toMatchObject({ source: 'timer', endedAt: null, minutes: null });
    const again = await problem(await rep.post(`/api/v1/tasks/${task.id}/timer/start`));
    expect(again).toMatchObject({ status: 409, body: { code: 'conflict' } });
    // The manager's own timer on the same task is another timer.
    expect((await manager.post(`/api/v1/tasks/${task.id}/timer/start`)).status).toBe(201);
    const stopped = await rep.post(`/api/v1/tasks/${task.id}/timer/stop`);
    expect(stopped.status).toBe(200);
    expect(await json(stopped)).toMatchObject({ source: 'timer', minutes: 0 });
    expect((await rep.post(`/api/v1/tasks/${task.id}/timer/stop`)).status).toBe(409);
    const read = await json<Task>(await rep.get(`/api/v1/tasks/${task.id}`));
    expect(read.trackedMinutes).toBe(25);
    expect(read.timeEntries!.map((entry) => entry.source)).toEqual(['manual', 'timer', 'timer']);
    // Someone who cannot see the task cannot time it.
    expect((await otherRep.post(`/api/v1/tasks/${task.id}/timer/start`)).status).toBe(404);
  });

  it('comments with mentions: only those who may see the task are kept and told', async () => {
    const task = await create(manager, {
      title: 'Prepare the quarterly review',
      visibility: 'private',
      assigneeIds: [suite.org.rep.id],
    });
    const body = `@[Riley Rep](${suite.org.rep.id}) and @[Sam Rep](${suite.org.otherRep.id}), see this`;
    const answer = await manager.post(`/api/v1/tasks/${task.id}/comments`, {
      body,
      mentionIds: [suite.org.admin.id],
    });
    expect(answer.status).toBe(201);
    const comment = await json<{ id: string; mentionIds: string[] }>(answer);
    expect(comment.mentionIds).toEqual([suite.org.rep.id]);
    const events = await eventsOf(task.id);
    const commented = events.find((event) => event.name === 'task.commented')!;
    expect(commented.payload).toMatchObject({
      commentId: comment.id,
      authorId: suite.org.manager.id,
      mentionIds: [suite.org.rep.id],
    });
    const list = await json<Page<{ body: string }>>(await rep.get(`/api/v1/tasks/${task.id}/comments`));
    expect(list.items.map((item) => item.body)).toEqual([body]);
    expect((await otherRep.get(`/api/v1/tasks/${task.id}/comments`)).status).toBe(404);
    expect((await otherRep.post(`/api/v1/tasks/${task.id}/comments`, { body: 'hi' })).status).toBe(404);
  });

  it('adds assignees with task.assigned naming only the added ones', async () => {
    const task = await create(manager, {
      title: 'Call the distributor',
      assigneeIds: [suite.org.manager.id],
    });
    await patch(manager, task, { assigneeIds: [suite.org.manager.id, suite.org.rep.id] });
    const events = await eventsOf(task.id);
    const assigned = events.filter((event) => event.name === 'task.assigned');
    expect(assigned.map((event) => event.payload.addedAssigneeIds)).toEqual([
      [suite.org.manager.id],
      [suite.org.rep.id],
    ]);
    expect(assigned[1]!.payload).toMatchObject({
      assignedBy: suite.org.manager.id,
      assigneeIds: [suite.org.manager.id, suite.org.rep.id],
    });
  });

  it('collaborative watchers edit the task; team members who only see a team task read it', async () => {
    const collaborative = await create(manager, {
      title: 'Joint account plan',
      visibility: 'collaborative',
      assigneeIds: [suite.org.manager.id],
      watcherIds: [suite.org.otherRep.id],
    });
    expect((await otherRep.get(`/api/v1/tasks/${collaborative.id}`)).status).toBe(200);
    expect((await patch(otherRep, collaborative, { progress: 30 })).progress).toBe(30);
    const team = await create(manager, {
      title: 'West team offsite',
      teamId: suite.org.teamId,
      assigneeIds: [suite.org.manager.id],
    });
    expect((await rep.get(`/api/v1/tasks/${team.id}`)).status).toBe(200);
    const refused = await rep.patch(`/api/v1/tasks/${team.id}`, { version: team.version, progress: 10 });
    expect(refused.status).toBe(403);
    expect((await otherRep.get(`/api/v1/tasks/${team.id}`)).status).toBe(404);
    // Comments are open to whoever sees the task.
    expect((await rep.post(`/api/v1/tasks/${team.id}/comments`, { body: 'Count me in' })).status).toBe(201);
  });

  it('completing a recurring task creates the next occurrence of the series', async () => {
    const due = new Date(Date.now() + 2 * 86_400_000);
    due.setUTCHours(9, 0, 0, 0);
    const weekly = await create(rep, {
      title: 'Weekly pipeline review',
      dueAt: due.toISOString(),
      recurrence: 'FREQ=WEEKLY',
    });
    await patch(rep, weekly, { status: 'done' });
    const next = await json<Page>(await rep.get('/api/v1/tasks?q=weekly%20pipeline%20review'));
    const open = next.items.filter((task) => task.status === 'todo');
    expect(open).toEqual([
      expect.objectContaining({
        title: 'Weekly pipeline review',
        seriesId: weekly.id,
        recurrence: 'FREQ=WEEKLY',
        dueAt: new Date(due.getTime() + 7 * 86_400_000).toISOString(),
        assigneeIds: [suite.org.rep.id],
      }),
    ]);
  });

  it('a series ends after its COUNT of occurrences', async () => {
    const first = await create(rep, {
      title: 'Twice only',
      dueAt: inDays(1),
      recurrence: 'FREQ=DAILY;COUNT=2',
    });
    await patch(rep, first, { status: 'done' });
    const [second] = (await json<Page>(await rep.get('/api/v1/tasks?q=twice&status=todo'))).items;
    expect(second).toMatchObject({ seriesId: first.id });
    await patch(rep, second!, { status: 'done' });
    const all = await json<Page>(await rep.get('/api/v1/tasks?q=twice'));
    expect(all.items.map((task) => task.status)).toEqual(['done', 'done']);
  });

  it('writes reminders for the offsets and the escalation, and drops them when done', async () => {
    const due = new Date(Date.now() + 3 * 86_400_000);
    const task = await create(rep, { title: 'Renewal call', dueAt: due.toISOString() });
    const { taskReminders } = await import('../../core/db/schema.js');
    const reminders = async () =>
      (
        await inTenant((tx) =>
          tx
            .select()
            .from(taskReminders)
            .where(inArray(taskReminders.taskId, [task.id])),
        )
      )
        .map((row) => [row.offsetMinutes, row.remindAt.toISOString()])
        .sort((a, b) => Number(b[0]) - Number(a[0]));
    const at = (minutes: number) => new Date(due.getTime() - minutes * 60_000).toISOString();
    expect(await reminders()).toEqual([
      [1440, at(1440)],
      [60, at(60)],
      [-1440, at(-1440)],
    ]);
    const overridden = await patch(rep, task, { reminderOffsetsMinutes: [30] });
    expect(await reminders()).toEqual([
      [30, at(30)],
      [-1440, at(-1440)],
    ]);
    const settings = await json<{ version: number }>(await suite.admin.get('/api/v1/task-settings'));
    expect(settings).toEqual({
      reminderOffsetsMinutes: [1440, 60],
      overdueEscalationMinutes: 1440,
      interactionReminderDays: 14,
      version: 0,
    });
    expect(
      (await manager.request('PUT', '/api/v1/task-settings', { version: 0, overdueEscalationMinutes: 120 }))
        .status,
    ).toBe(403);
    const changed = await suite.admin.request('PUT', '/api/v1/task-settings', {
      version: 0,
      overdueEscalationMinutes: 120,
    });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ overdueEscalationMinutes: 120, version: 1 });
    expect(
      (await suite.admin.request('PUT', '/api/v1/task-settings', { version: 0, interactionReminderDays: 3 }))
        .status,
    ).toBe(409);
    expect(await reminders()).toEqual([
      [30, at(30)],
      [-120, at(-120)],
    ]);
    await patch(rep, overridden, { status: 'cancelled' });
    expect(await reminders()).toEqual([]);
  });
});
