/**
 * Interactions and tasks imported over HTTP: what they write (checked in the database and against what
 * the app's own commands write for the same input), what they refuse (by line and column), re-runs,
 * undo, and a private task's visibility.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { buildCustomRoleMember, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { report, runToEnd, settled, useLogs } from './imports.test-helpers.js';
import { useOrganizationApp } from '../../test/suite.js';

/** The error report without its header: [line, column, value, message]. */
const problems = async (client: TestClient, id: string) => (await report(client, id)).slice(1);

async function undo(client: TestClient, id: string): Promise<void> {
  expect((await client.post(`/api/v1/imports/${id}/undo`)).status).toBe(202);
  expect(await settled(client, id)).toMatchObject({ status: 'undone' });
}

const csvOf = (rows: string[][]) =>
  rows
    .map((cells) =>
      cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','),
    )
    .join('\n');

/** A time column as ISO text in UTC (drivers differ in how they return timestamps). */
const utc = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/** A presented record without what differs between any two records (ids, times, versions). */
function shapeOf(view: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, completedAt, ...rest } = view;
  return { ...rest, completed: completedAt !== null && completedAt !== undefined };
}

describe('imports of interactions and tasks', () => {
  const suite = useOrganizationApp({
    organizationName: 'Types Import Corp',
    env: { IMPORT_BATCH_ROWS: '100' },
  });
  const ids = { acme: '', other: '', renewal: '', twin: '', contact: '' };

  const inDb = <T>(query: SQL) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) => queryRows<T>(tx, query));
  const created = async <T = { id: string }>(response: Response): Promise<T> => {
    if (response.status !== 201) throw new Error(`${response.status}: ${await response.text()}`);
    return json<T>(response);
  };

  beforeAll(async () => {
    useLogs(suite.app.logs);
    const admin = suite.admin;
    ids.acme = (await created(await admin.post('/api/v1/customers', { name: 'Acme Imports' }))).id;
    ids.other = (await created(await admin.post('/api/v1/customers', { name: 'Other Co' }))).id;
    const deal = (name: string, customerId: string) =>
      admin.post('/api/v1/opportunities', { name, customerId }).then((r) => created(r));
    ids.renewal = (await deal('Acme Renewal', ids.acme)).id;
    ids.twin = (await deal('Twin Deal', ids.acme)).id;
    await deal('Twin Deal', ids.other);
    await inDb(sql`update opportunities set external_id = 'OPP-1' where id = ${ids.renewal} returning id`);
    ids.contact = (
      await created(
        await admin.post('/api/v1/contacts', {
          name: 'Pat Buyer',
          emails: ['pat@acme-imports.example'],
          customers: [{ customerId: ids.acme }],
        }),
      )
    ).id;
  });

  describe('interactions', () => {
    const header = [
      'Id',
      'Type',
      'Date',
      'Minutes',
      'Direction',
      'Outcome',
      'Summary',
      'Company',
      'Deal',
      'Deal Id',
      'Contact',
      'Owner',
    ];
    const mapping = JSON.stringify({
      externalId: 'Id',
      type: 'Type',
      occurredAt: 'Date',
      durationMinutes: 'Minutes',
      direction: 'Direction',
      outcome: 'Outcome',
      summary: 'Summary',
      customer: 'Company',
      opportunity: 'Deal',
      opportunityExternalId: 'Deal Id',
      contactEmail: 'Contact',
      ownerEmail: 'Owner',
    });
    const rows = () => [
      header,
      [
        'INT-1',
        'Phone call',
        '2025-03-31T10:00:00Z',
        '30',
        'outbound',
        'positive',
        'Talked pricing, they want a quote',
        'Acme Imports',
        '',
        'OPP-1',
        'pat@acme-imports.example',
        suite.org.rep.email,
      ],
      ['', 'meeting', '2025-04-02 09:30', '', '', '', 'Kick-off', '', 'Acme Renewal', '', '', ''],
      ['INT-3', 'call', '2025-04-03T10:00:00Z', '', '', '', 'Who?', 'Nobody Inc', '', '', '', ''],
      ['INT-4', 'call', '2025-04-04T10:00:00Z', '', '', '', 'Which deal?', '', 'Twin Deal', '', '', ''],
      [
        'INT-5',
        'email',
        '2025-04-05T10:00:00Z',
        '',
        '',
        '',
        'Sent',
        'Acme Imports',
        '',
        '',
        'ghost@acme-imports.example',
        '',
      ],
      ['INT-6', 'smoke signal', '2025-04-06T10:00:00Z', '', '', '', '', 'Acme Imports', '', '', '', ''],
      ['INT-7', 'call', '2025-04-07T10:00:00Z', '', '', '', '', 'Other Co', '', 'OPP-1', '', ''],
      ['INT-8', 'call', '', '', '', '', '', 'Acme Imports', '', '', '', 'nobody@nowhere.example'],
    ];
    let importId = '';

    it('writes the good rows as logged interactions and reports each bad row by line and column', async () => {
      const job = await runToEnd(suite.admin, csvOf(rows()), { type: 'interactions', mapping });
      importId = job.id;
      expect(job).toMatchObject({ status: 'completed', counts: { read: 8, created: 2, failed: 6 } });
      const written = await inDb<Record<string, unknown>>(
        sql`select external_id, type, direction, ${utc('occurred_at')} as occurred_at, duration_minutes, outcome, summary, customer_id,
                   opportunity_id, next_step, owner_id, import_line,
                   (select array_agg(p.kind || ':' || p.participant_id) from interaction_participants p
                     where p.interaction_id = i.id) as participants
              from interactions i where import_id = ${job.id} order by import_line`,
      );
      expect(written).toEqual([
        {
          external_id: 'INT-1',
          type: 'call',
          direction: 'outbound',
          occurred_at: '2025-03-31T10:00:00Z',
          duration_minutes: 30,
          outcome: 'positive',
          summary: 'Talked pricing, they want a quote',
          customer_id: ids.acme,
          opportunity_id: ids.renewal,
          next_step: '',
          owner_id: suite.org.rep.id,
          import_line: 2,
          participants: [`contact:${ids.contact}`],
        },
        expect.objectContaining({
          external_id: null,
          type: 'meeting',
          occurred_at: '2025-04-02T09:30:00Z',
          customer_id: ids.acme, // the deal's customer
          opportunity_id: ids.renewal,
          owner_id: suite.org.admin.id, // the importer
          import_line: 3,
          participants: null,
        }),
      ]);
      const lines = await problems(suite.admin, job.id);
      const problem = (line: number) => lines.filter((cells) => cells[0] === String(line));
      expect(problem(4)).toEqual([
        ['4', 'Company', 'Nobody Inc', expect.stringMatching(/no customer named Nobody Inc/)],
      ]);
      expect(problem(5)).toEqual([
        ['5', 'Deal', 'Twin Deal', expect.stringMatching(/several deals are named/)],
      ]);
      expect(problem(6)).toEqual([
        ['6', 'Contact', 'ghost@acme-imports.example', expect.stringMatching(/no contact has the email/)],
      ]);
      expect(problem(7)).toEqual([['7', 'Type', 'smoke signal', expect.any(String)]]);
      expect(problem(8)).toEqual([['8', 'Deal Id', 'OPP-1', 'this deal belongs to another customer']]);
      expect(problem(9)).toEqual(
        expect.arrayContaining([['9', 'Date', '', expect.stringMatching(/required/)]]),
      );
    });

    it('looks exactly like the same interaction logged through the API', async () => {
      const [imported] = await inDb<{ id: string }>(
        sql`select id from interactions where import_id = ${importId} and import_line = 2`,
      );
      const logged = await created<{ id: string }>(
        await suite.admin.post('/api/v1/interactions', {
          type: 'call',
          occurredAt: '2025-03-31T10:00:00Z',
          durationMinutes: 30,
          direction: 'outbound',
          outcome: 'positive',
          summary: 'Talked pricing, they want a quote',
          customerId: ids.acme,
          opportunityId: ids.renewal,
          participants: { contactIds: [ids.contact] },
          ownerId: suite.org.rep.id,
        }),
      );
      const view = async (id: string) =>
        shapeOf(await json<Record<string, unknown>>(await suite.admin.get(`/api/v1/interactions/${id}`)));
      expect(await view(imported!.id)).toEqual(await view(logged.id));
      expect((await suite.admin.delete(`/api/v1/interactions/${logged.id}`)).status).toBeLessThan(300);
    });

    it('creates nothing twice on a re-run (with or without external ids), and undoes as a whole', async () => {
      const again = await runToEnd(suite.admin, csvOf(rows()), { type: 'interactions', mapping });
      expect(again.counts).toMatchObject({ read: 8, created: 0, skipped: 2, failed: 6 });
      const skipped = (await problems(suite.admin, again.id)).filter((cells) =>
        cells[3]!.startsWith('Skipped'),
      );
      expect(skipped.map((cells) => cells[0])).toEqual(['2', '3']);
      await undo(suite.admin, importId);
      const left = await inDb<{ n: number }>(
        sql`select count(*)::int as n from interactions where import_id = ${importId} and deleted_at is null`,
      );
      expect(left).toEqual([{ n: 0 }]);
      // Once undone, the same file imports again.
      const third = await runToEnd(suite.admin, csvOf(rows()), { type: 'interactions', mapping });
      expect(third.counts).toMatchObject({ created: 2 });
      await undo(suite.admin, third.id);
    });
  });

  describe('tasks', () => {
    const header = [
      'Task Id',
      'Subject',
      'Category',
      'Priority',
      'Status',
      'Visibility',
      'Due',
      'Assignees',
      'Company',
      'Deal',
      'Notes',
    ];
    const mapping = JSON.stringify({
      externalId: 'Task Id',
      title: 'Subject',
      category: 'Category',
      priority: 'Priority',
      status: 'Status',
      visibility: 'Visibility',
      dueAt: 'Due',
      assigneeEmails: 'Assignees',
      customer: 'Company',
      opportunity: 'Deal',
      description: 'Notes',
    });
    const rows = () => [
      header,
      [
        'T-1',
        'Send the proposal',
        'Proposal',
        'urgent',
        'Completed',
        'private',
        '2030-05-01T09:00:00Z',
        suite.org.rep.email,
        'Acme Imports',
        '',
        'Pricing v2',
      ],
      ['', 'Call back Acme', 'Follow-up', '', 'not started', '', '2030-06-01', '', '', 'Acme Renewal', ''],
      ['T-3', 'Weave baskets', 'Underwater basket weaving', '', '', '', '', '', '', '', ''],
      ['T-4', 'Ghost task', '', '', '', '', '', 'nobody@nowhere.example', '', '', ''],
      ['T-5', 'Visit', '', '', '', '', '', '', 'Nobody Inc', '', ''],
      ['T-6', '', '', '', '', '', '', '', '', '', ''],
      [
        'T-7',
        'Secret plan',
        '',
        '',
        '',
        'private',
        '',
        `${suite.org.rep.email}; ${suite.org.otherRep.email}`,
        '',
        '',
        '',
      ],
    ];
    let importId = '';
    const tasksOf = (id: string) =>
      inDb<Record<string, unknown>>(
        sql`select t.id, t.external_id, t.title, t.category, t.priority, t.status, t.visibility, ${utc('t.due_at')} as due_at,
                   t.customer_id, t.opportunity_id, t.created_by, t.completed_at is not null as completed,
                   t.description, t.import_line,
                   (select array_agg(a.user_id order by a.user_id) from task_assignees a where a.task_id = t.id) as assignees,
                   (select array_agg(coalesce(s.from_status, '-') || '>' || s.to_status) from task_status_changes s where s.task_id = t.id) as statuses,
                   (select count(*)::int from task_reminders r where r.task_id = t.id) as reminders
              from tasks t where t.import_id = ${id} order by t.import_line`,
      );

    it('writes tasks with their assignees, status history and reminders, and reports bad rows', async () => {
      const job = await runToEnd(suite.admin, csvOf(rows()), { type: 'tasks', mapping });
      importId = job.id;
      expect(job).toMatchObject({ status: 'completed', counts: { read: 7, created: 3, failed: 4 } });
      const written = await tasksOf(job.id);
      expect(written).toEqual([
        expect.objectContaining({
          external_id: 'T-1',
          title: 'Send the proposal',
          category: 'proposal',
          priority: 'critical',
          status: 'done',
          visibility: 'private',
          due_at: '2030-05-01T09:00:00Z',
          customer_id: ids.acme,
          opportunity_id: null,
          created_by: suite.org.admin.id,
          completed: true,
          description: 'Pricing v2',
          assignees: [suite.org.rep.id],
          statuses: ['->done'],
          reminders: 0, // done: nothing to remind
        }),
        expect.objectContaining({
          external_id: null,
          category: 'follow_up',
          priority: 'medium',
          status: 'todo',
          visibility: 'team',
          due_at: '2030-06-01T00:00:00Z',
          customer_id: ids.acme, // the deal's customer
          opportunity_id: ids.renewal,
          completed: false,
          assignees: [suite.org.admin.id], // the importer
          statuses: ['->todo'],
          reminders: 3, // the organization's default offsets and the overdue escalation
        }),
        expect.objectContaining({
          external_id: 'T-7',
          visibility: 'private',
          assignees: [suite.org.rep.id, suite.org.otherRep.id].sort(),
        }),
      ]);
      const lines = await problems(suite.admin, job.id);
      const problem = (line: number) => lines.filter((cells) => cells[0] === String(line));
      expect(problem(4)).toEqual([
        ['4', 'Category', 'Underwater basket weaving', expect.stringMatching(/^must be one of follow_up/)],
      ]);
      expect(problem(5)).toEqual([
        ['5', 'Assignees', 'nobody@nowhere.example', expect.stringMatching(/no active member/)],
      ]);
      expect(problem(6)).toEqual([
        ['6', 'Company', 'Nobody Inc', expect.stringMatching(/no customer named/)],
      ]);
      expect(problem(7)).toEqual([['7', 'Subject', '', expect.stringMatching(/required/)]]);
    });

    it('looks like the same task created through the API', async () => {
      const [imported] = await tasksOf(importId);
      const made = await created<{ id: string }>(
        await suite.admin.post('/api/v1/tasks', {
          title: 'Send the proposal',
          description: 'Pricing v2',
          category: 'proposal',
          priority: 'critical',
          status: 'done',
          visibility: 'private',
          dueAt: '2030-05-01T09:00:00Z',
          assigneeIds: [suite.org.rep.id],
          customerId: ids.acme,
        }),
      );
      const view = async (id: string) =>
        shapeOf(await json<Record<string, unknown>>(await suite.admin.get(`/api/v1/tasks/${id}`)));
      const importedView = await view(imported!.id as string);
      const madeView = await view(made.id);
      const withoutHistory = ({ statusHistory, timeEntries, ...rest }: Record<string, unknown>) => {
        void timeEntries;
        return { ...rest, statuses: (statusHistory as { toStatus: string }[]).map((s) => s.toStatus) };
      };
      expect(withoutHistory(importedView)).toEqual(withoutHistory(madeView));
      expect((await suite.admin.delete(`/api/v1/tasks/${made.id}`)).status).toBeLessThan(300);
    });

    it('shows an imported private task to its assignees only', async () => {
      const listed = async (client: TestClient) =>
        (await json<{ items: { title: string }[] }>(await client.get('/api/v1/tasks?q=proposal'))).items.map(
          (task) => task.title,
        );
      const rep = await signIn(suite.app.url, suite.org.rep);
      const otherRep = await signIn(suite.app.url, suite.org.otherRep);
      expect(await listed(rep)).toEqual(['Send the proposal']);
      expect(await listed(otherRep)).toEqual([]);
      const [imported] = await tasksOf(importId);
      expect((await otherRep.get(`/api/v1/tasks/${imported!.id as string}`)).status).toBe(404);
    });

    it('creates nothing twice on a re-run, and undoes as a whole', async () => {
      const again = await runToEnd(suite.admin, csvOf(rows()), { type: 'tasks', mapping });
      expect(again.counts).toMatchObject({ read: 7, created: 0, skipped: 3, failed: 4 });
      await undo(suite.admin, importId);
      const left = await inDb<{ n: number }>(
        sql`select count(*)::int as n from tasks where import_id = ${importId} and deleted_at is null`,
      );
      expect(left).toEqual([{ n: 0 }]);
    });

    it('never matches, names or changes a task the importer may not see, even by its external id', async () => {
      const manager = await signIn(suite.app.url, suite.org.manager);
      const secret = await created<{ id: string }>(
        await manager.post('/api/v1/tasks', { title: 'Manager secret', visibility: 'private' }),
      );
      await inDb(sql`update tasks set external_id = 'SECRET-1' where id = ${secret.id} returning id`);
      const job = await runToEnd(
        suite.admin,
        csvOf([
          ['Task Id', 'Subject'],
          ['SECRET-1', 'Overwritten'],
        ]),
        {
          type: 'tasks',
          duplicatePolicy: 'update',
          mapping: JSON.stringify({ externalId: 'Task Id', title: 'Subject' }),
        },
      );
      expect(job.counts).toMatchObject({ created: 0, updated: 0, failed: 1 });
      expect(await problems(suite.admin, job.id)).toEqual([
        ['2', 'Task Id', 'SECRET-1', 'is used by a task you cannot see; give this row another external id'],
      ]);
      expect(await inDb(sql`select title from tasks where id = ${secret.id}`)).toEqual([
        { title: 'Manager secret' },
      ]);
    });

    it('refuses private tasks from an importer without tasks.create_all_types, naming the column', async () => {
      const person = await buildCustomRoleMember(suite.app.database.db, suite.org, [
        'org.import_data',
        'tasks.view_assigned',
      ]);
      const importer = await signIn(suite.app.url, person);
      const csv = csvOf([
        ['Subject', 'Visibility'],
        ['Open plan', ''],
        ['Closed plan', 'private'],
      ]);
      const job = await runToEnd(importer, csv, {
        type: 'tasks',
        mapping: JSON.stringify({ title: 'Subject', visibility: 'Visibility' }),
      });
      expect(job.counts).toMatchObject({ created: 1, failed: 1 });
      expect(await problems(importer, job.id)).toEqual([
        ['3', 'Visibility', 'private', expect.stringMatching(/tasks\.create_all_types/)],
      ]);
      await undo(importer, job.id);
    });
  });
});
