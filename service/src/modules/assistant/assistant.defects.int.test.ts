import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { tellAssistant } from '../../test/assistant.js';
import { tenantRows, useOrganizationApp } from '../../test/suite.js';
import type { AssistantReply } from './assistant.commands.js';

const DAY_MS = 86_400_000;
/** The UTC day `days` after today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** "Fri, Dec 11", as replies say a day. */
const label = (day: string) =>
  new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
/** Monday of this week (UTC, where a member without a timezone lives), as the parser counts weeks. */
const thisMonday = () => dayFromToday(-((new Date().getUTCDay() + 6) % 7));

describe('the assistant, on the defects a trial found', () => {
  const suite = useOrganizationApp({ organizationName: 'Trial Corp' });
  const inDb = tenantRows(suite);
  let rep: TestClient;

  const say = tellAssistant;
  const texts = (reply: AssistantReply) => reply.lines.map((line) => line.text);
  const undo = async (reply: AssistantReply) =>
    json<AssistantReply>(
      await rep.post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' }),
    );
  const newTask = async (client: TestClient, body: Record<string, unknown>) => {
    const response = await client.post('/api/v1/tasks', body);
    expect(response.status).toBe(201);
    return json<{ id: string }>(response);
  };
  const dueOf = async (id: string) =>
    (
      await inDb<{ due: string }>(sql`select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due
      from tasks where id = ${id}`)
    )[0]!.due;

  it('never moves a due date earlier on a push: "next week" for a task due next Friday is the Friday after', async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    const friday = addDays(thisMonday(), 7 + 4);
    const task = await newTask(rep, { title: 'send the proposal', dueAt: `${friday}T17:00:00Z` });
    for (const message of [
      'push the proposal to next week',
      'postpone the proposal to next week',
      'move the proposal back to next week',
    ]) {
      const pushed = await say(rep, message);
      expect(texts(pushed)).toEqual([
        `"send the proposal": due ${label(addDays(friday, 7))} (it was already due ${label(friday)}).`,
      ]);
      expect(await dueOf(task.id)).toBe(`${addDays(friday, 7)} 17:00`);
      const undone = await undo(pushed);
      expect(undone.text).toBe('Undone: the change to "send the proposal".');
      expect(await dueOf(task.id)).toBe(`${friday} 17:00`);
    }

    // A weekday named before the due date is the next such weekday after it.
    const monday = await say(rep, 'push the proposal to monday');
    expect(texts(monday)).toEqual([
      `"send the proposal": due ${label(addDays(friday, 3))} (it was already due ${label(friday)}).`,
    ]);
    expect(await dueOf(task.id)).toBe(`${addDays(friday, 3)} 17:00`);
    await undo(monday);

    // A date before the due date is not a push: nothing changes, and the member is asked for a later one.
    const tomorrow = await say(rep, 'postpone the proposal until tomorrow');
    expect(tomorrow.lines).toEqual([
      {
        kind: 'problem',
        text: `"send the proposal" is already due ${label(friday)}, after ${label(dayFromToday(1))}: a push never moves it earlier. Say a later date.`,
      },
    ]);
    expect(await dueOf(task.id)).toBe(`${friday} 17:00`);

    // A plain move to an earlier day is still a move.
    const moved = await say(rep, 'move the proposal to monday');
    expect(await dueOf(task.id)).toBe(`${addDays(thisMonday(), 7)} 17:00`);
    await undo(moved);
  });

  it('answers "what\'s overdue?" with the tasks past due and not done, as the overdue filter of the tasks API', async () => {
    const yesterday = `${dayFromToday(-1)}T12:00:00Z`;
    await newTask(rep, { title: 'renew the Initech contract', dueAt: yesterday });
    await newTask(rep, { title: 'file the old report', dueAt: yesterday, status: 'done' });
    await newTask(rep, { title: 'book the venue', dueAt: new Date(Date.now() + 3_600_000).toISOString() });
    const api = await json<{ items: { title: string }[] }>(
      await rep.get('/api/v1/tasks?overdue=true&mine=true'),
    );
    expect(api.items.map((task) => task.title)).toEqual(['renew the Initech contract']);

    const overdue = await say(rep, "what's overdue?");
    expect(overdue.turnId).toBeNull();
    expect(texts(overdue)).toEqual([`renew the Initech contract (due ${dayFromToday(-1)})`]);

    // A colleague's overdue tasks, asked by their manager.
    const manager = await signIn(suite.app.url, suite.org.manager);
    const riley = await say(manager, 'anything overdue for riley?');
    expect(texts(riley)).toEqual([`renew the Initech contract (due ${dayFromToday(-1)})`]);
    const none = await say(manager, "what's overdue?");
    expect(texts(none)).toEqual(['You have no overdue tasks.']);

    // The week's question still lists the week's open tasks, overdue or not.
    const monday = thisMonday();
    const week = await json<{ items: { title: string; status: string }[] }>(
      await rep.get(
        `/api/v1/tasks?mine=true&dueAfter=${monday}T00:00:00Z&dueBefore=${addDays(monday, 7)}T00:00:00Z`,
      ),
    );
    const open = week.items.filter((task) => task.status !== 'done').map((task) => task.title);
    const thisWeek = await say(rep, "what's due this week");
    expect(texts(thisWeek).map((line) => line.replace(/ \(due .*\)$/, ''))).toEqual(
      open.length ? open : [expect.stringMatching(/^You have no open tasks due between /)],
    );
  });

  it('turns a validation error of the tasks module into a sentence, not a field path', async () => {
    await rep.post('/api/v1/customers', { name: 'Acme', ownerId: suite.org.rep.id });
    const reply = await say(rep, '<at>Sam Rep</at> please send the acme deck by friday');
    expect(reply.lines).toEqual([{ kind: 'problem', text: 'You can only assign tasks to yourself.' }]);
    expect(await inDb(sql`select id from tasks where title = 'send the acme deck'`)).toEqual([]);

    // A permission refusal (a rep may set no goal) is its sentence, with no permission key in it.
    const refused = await say(rep, 'my goal is 500k revenue this quarter');
    expect(refused.lines).toEqual([{ kind: 'problem', text: "You don't have permission to do that." }]);
  });

  it("asks a rep who says who may see a task (a manager's choice) whether to make it a team task, and makes nothing wider unasked", async () => {
    const asked = await say(rep, 'task to call Jane tomorrow, only I should see it');
    expect(asked.lines).toEqual([
      {
        kind: 'question',
        text: 'Only managers choose who sees a task, so I can\'t make it private. Should I create the task "call Jane" as a team task?',
      },
    ]);
    expect(await inDb(sql`select id from tasks where title = 'call Jane'`)).toEqual([]);
    const made = await json<AssistantReply>(
      await rep.post('/api/v1/assistant/actions', { turnId: asked.turnId, action: 'confirm' }),
    );
    expect(made.lines[0]).toMatchObject({
      kind: 'changed',
      text: expect.stringMatching(/^Created the task "call Jane"/),
    });
    expect(await inDb(sql`select visibility from tasks where title = 'call Jane'`)).toEqual([
      { visibility: 'team' },
    ]);

    // A change that was only who sees it is refused with why; one with more to it asks about the rest.
    const { id, due } = (
      await inDb<{ id: string; due: string }>(
        sql`select id, due_at::text as due from tasks where title = 'call Jane'`,
      )
    )[0]!;
    expect((await say(rep, 'make the call jane task private')).lines).toEqual([
      {
        kind: 'problem',
        text: "Only managers choose who sees a task, so I can't make it private. Nothing changed.",
      },
    ]);
    const pushed = await say(rep, 'push the call jane task to friday and keep it to myself');
    expect(texts(pushed)).toEqual([
      'Only managers choose who sees a task, so I can\'t make it private. Should I change "call Jane" without that?',
    ]);
    expect(await inDb(sql`select visibility, due_at::text as due from tasks where id = ${id}`)).toEqual([
      { visibility: 'team', due },
    ]);
  });

  it("keeps a reminder private when asked, says so, and asks a rep first (a manager's choice)", async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    const kept = await say(manager, 'remind me to review the west forecast tomorrow at 9 🔒');
    expect(texts(kept)).toEqual([
      expect.stringMatching(
        /^I'll remind you on .*: "review the west forecast", private \(its assignee and their manager\)\.$/,
      ),
    ]);
    expect(await inDb(sql`select visibility from tasks where title = 'review the west forecast'`)).toEqual([
      { visibility: 'private' },
    ]);
    const asked = await say(rep, 'remind me to chase Hooli monday - keep it private');
    expect(asked.lines[0]).toMatchObject({
      kind: 'question',
      text: expect.stringMatching(/^Only managers choose/),
    });
    expect(await inDb(sql`select id from tasks where title = 'chase Hooli'`)).toEqual([]);
  });

  it('lets a manager change and complete by chat a task they gave a rep', async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    const given = await newTask(manager, { title: 'prep the renewal plan', assigneeIds: [suite.org.rep.id] });
    expect(texts(await say(manager, 'make the renewal plan task private'))).toEqual([
      '"prep the renewal plan": private (its assignee and their manager).',
    ]);
    // Said again, it changes nothing and says so.
    const again = await say(manager, 'make the renewal plan task private');
    expect(texts(again)).toEqual(['Nothing to change on "prep the renewal plan": it is so already.']);
    expect(again.actions).toEqual([]);
    expect(texts(await say(manager, "mark riley's renewal plan task as done"))).toEqual([
      'Marked "prep the renewal plan" done.',
    ]);
    expect(await inDb(sql`select visibility, status from tasks where id = ${given.id}`)).toEqual([
      { visibility: 'private', status: 'done' },
    ]);
    // A rep finds only their own: the manager's task, which the rep sees on the team, is none of theirs to change.
    const managers = await newTask(manager, { title: 'draft the quarter summary' });
    expect((await say(rep, 'push the quarter summary task to friday')).lines[0]?.kind).toBe('problem');
    expect(await inDb(sql`select due_at from tasks where id = ${managers.id}`)).toEqual([{ due_at: null }]);
  });

  it('says what Undo took back by name, and opens a deal named for its customer in plain words', async () => {
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Globex Labs', ownerId: suite.org.rep.id }),
    );
    const acme = (await inDb<{ id: string }>(sql`select id from customers where name = 'Acme'`))[0]!;
    await rep.post('/api/v1/contacts', { name: 'Jane Doe', customers: [{ customerId: acme.id }] });
    const logged = await say(rep, 'had a call with Jane Doe at Acme, they want a proposal by Friday', 'undo');
    expect(logged.lines.filter((line) => line.kind === 'changed')).toHaveLength(2);
    const undone = await say(rep, 'undo', 'undo');
    expect(texts(undone)).toEqual(['Undone: the call with Jane Doe and the task "proposal".']);

    const opened = await say(rep, 'new 50k opp with Globex Labs', 'deals');
    expect(texts(opened)).toEqual([
      expect.stringMatching(/^Opened a deal with Globex Labs, 50,000 USD, in \w[\w ]*\.$/),
    ]);
    const [deal] = await inDb<{ id: string }>(
      sql`select id from opportunities where customer_id = ${customer.id} and deleted_at is null`,
    );
    expect(opened.lines[0]!.link).toBe(`/opportunities/${deal!.id}`);
    expect((await undo(opened)).text).toBe('Undone: the deal with Globex Labs.');
  });

  it("reminds at the time a reminder names, and says the date and time in the member's timezone", async () => {
    const zone = 'America/New_York';
    expect((await rep.request('PUT', '/api/v1/me/notification-preferences', { timezone: zone })).status).toBe(
      200,
    );
    const reply = await say(rep, 'remind me tomorrow at 9 to call Bob');
    const [task] = await inDb<{ id: string; local: string; due_at: Date }>(
      sql`select id, to_char(due_at at time zone ${zone}, 'YYYY-MM-DD HH24:MI') as local, due_at
        from tasks where deleted_at is null and title = 'call Bob'`,
    );
    const localToday = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const tomorrow = addDays(localToday, 1);
    expect(task!.local).toBe(`${tomorrow} 09:00`);
    expect(texts(reply)).toEqual([`I'll remind you on ${label(tomorrow)} at 9:00 AM: "call Bob".`]);

    // The notices before the due time are one, at 9:00 (the escalation after it stays).
    const reminders = await inDb<{ offset_minutes: number; at: boolean }>(
      sql`select offset_minutes, remind_at = ${new Date(task!.due_at).toISOString()}::timestamptz as at
        from task_reminders where task_id = ${task!.id} and offset_minutes >= 0`,
    );
    expect(reminders).toEqual([{ offset_minutes: 0, at: true }]);

    // A time already past is said, not promised: nothing is created.
    const past = await say(rep, 'remind me yesterday at 9 to call Bob');
    expect(past.lines).toEqual([
      {
        kind: 'problem',
        text: `${label(addDays(localToday, -1))} at 9:00 AM has passed; say a later time to be reminded.`,
      },
    ]);
    expect(
      await inDb(sql`select id from tasks where deleted_at is null and title = 'call Bob'`),
    ).toHaveLength(1);

    // A task with a time says it; one without keeps its day, and the organization's reminders.
    const timed = await say(rep, 'add a task to send the Acme deck tomorrow at 3pm');
    expect(texts(timed)).toEqual([`Created the task "send the Acme deck", due ${tomorrow} at 3:00 PM.`]);
    const dayOnly = await say(rep, 'remind me to call Jane tomorrow');
    expect(texts(dayOnly)).toEqual([`Created the task "call Jane", due ${tomorrow}.`]);
    const [jane] = await inDb<{ offsets: number[] | null }>(
      sql`select reminder_offsets_minutes as offsets from tasks where title = 'call Jane'`,
    );
    expect(jane!.offsets).toBeNull();
  });
});
