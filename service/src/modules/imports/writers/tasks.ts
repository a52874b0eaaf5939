/**
 * Tasks from a file, written as `createTask` writes them (the task, its assignees, its first status and
 * its reminders) but set-based and without a domain event per row. The rules `createTask` enforces are
 * checked per row and reported as problems:
 * - the category is a built-in one or one of the organization's (by key or by name);
 * - `private` and `collaborative` tasks need `tasks.create_all_types` (or what includes it), as in the app;
 * - assignees are active members, named by email or unique full name; none: the importer. The importer
 *   holds `org.import_data`, which names any member as a record's owner in every import type, so it may
 *   name any member as an assignee too (in the app, `team.assign_tasks` limits managers to their teams);
 * - the customer and the deal exist (a task never creates them), and a deal at another customer is refused.
 * `created_by` is the importer; a task imported as done is completed at the time of the import.
 */
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { bulkInsert, textArrayParam } from '../../../core/db/bulk-insert.js';
import { queryRows } from '../../../core/db/database.js';
import { holdsAny } from '../../../core/identity/actor.js';
import { CREATE_ALL_TYPES, visibleWhere } from '../../tasks/tasks.policy.js';
import { syncReminders } from '../../tasks/tasks.repo.js';
import { builtInTaskCategories } from '../../tasks/tasks.tables.js';
import type { PreparedRow, RowProblem } from '../import-rows.js';
import {
  existingBy,
  keyValues,
  writeRecords,
  type Candidate,
  type RecordSpec,
  type RecordValues,
} from './records.js';
import { findReferences, keyText, settleReferences, type SettledReferences } from './interactions.js';
import { memberOf, problemAt, type ImportWriter, type WriteContext } from './writer.js';

/** What `createTask` accepts (tasks.schema.ts). */
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 20_000;
const MAX_ESTIMATE = 1_000_000;

interface TaskBatch extends SettledReferences {
  /** Category keys by lower-cased key and name. */
  categories: Map<string, string>;
  /** External ids of the batch that tasks the importer may not see already use. */
  hidden: Set<string>;
  /** The assignees of each row's task (filled by `toRecord`). */
  assignees: Map<PreparedRow, string[]>;
}

/** The built-in categories and the organization's live ones, by key and by name (lower-cased). */
async function loadCategories(context: WriteContext): Promise<Map<string, string>> {
  const categories = new Map<string, string>();
  for (const key of builtInTaskCategories) categories.set(key, key);
  const rows = await queryRows<{ key: string; name: string }>(
    context.tx,
    sql`select key, name from task_categories where archived_at is null`,
  );
  for (const row of rows) {
    categories.set(row.key, row.key);
    categories.set(row.name.trim().toLowerCase(), row.key);
  }
  return categories;
}

/** "Follow-up", "follow up" and "FOLLOW_UP" all name `follow_up`. */
function categoryOf(categories: Map<string, string>, written: string): string | undefined {
  const lower = written.trim().toLowerCase();
  return categories.get(lower) ?? categories.get(lower.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''));
}

/**
 * External ids of `rows` held by tasks the importer may not see (someone else's private task): such a row
 * is refused without saying more, never matched (a skip would name the task, an update would change it).
 */
async function hiddenExternalIds(context: WriteContext, rows: PreparedRow[]): Promise<Set<string>> {
  const externalIds = rows.flatMap((row) =>
    typeof row.values.externalId === 'string' ? [row.values.externalId] : [],
  );
  if (!externalIds.length) return new Set();
  const found = await queryRows<{ external_id: string }>(
    context.tx,
    sql`select external_id from tasks
         where deleted_at is null and external_id = any(${textArrayParam(externalIds)})
           and not (${visibleWhere(context.actor) ?? sql`true`})`,
  );
  return new Set(found.map((row) => row.external_id));
}

function assigneesOf(context: WriteContext, row: PreparedRow): string[] | RowProblem[] {
  const named = row.values.assigneeEmails;
  if (!Array.isArray(named) || !named.length) return [context.actor.userId];
  const ids: string[] = [];
  const problems: RowProblem[] = [];
  for (const person of named as string[]) {
    const member = memberOf(context, person, row, 'assigneeEmails');
    if ('problem' in member) problems.push(problemAt(context, row, 'assigneeEmails', member.problem, person));
    else if (!ids.includes(member.userId)) ids.push(member.userId);
  }
  return problems.length ? problems : ids;
}

function ruleProblems(context: WriteContext, batch: TaskBatch, row: PreparedRow): RowProblem[] {
  const problems: RowProblem[] = [];
  if (typeof row.values.externalId === 'string' && batch.hidden.has(row.values.externalId))
    problems.push(
      problemAt(
        context,
        row,
        'externalId',
        'is used by a task you cannot see; give this row another external id',
        row.values.externalId,
      ),
    );
  const { title, description, visibility, category, estimateMinutes } = row.values;
  if (typeof title === 'string' && title.length > MAX_TITLE)
    problems.push(problemAt(context, row, 'title', `is longer than ${MAX_TITLE} characters`));
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION)
    problems.push(problemAt(context, row, 'description', `is longer than ${MAX_DESCRIPTION} characters`));
  if (
    (visibility === 'private' || visibility === 'collaborative') &&
    !holdsAny(context.actor, CREATE_ALL_TYPES)
  )
    problems.push(
      problemAt(
        context,
        row,
        'visibility',
        `${visibility} tasks need the permission tasks.create_all_types; leave it empty for team tasks`,
        visibility,
      ),
    );
  if (typeof category === 'string' && !categoryOf(batch.categories, category))
    problems.push(
      problemAt(
        context,
        row,
        'category',
        `must be one of ${builtInTaskCategories.join(', ')} or a category of your organization`,
        category,
      ),
    );
  if (typeof estimateMinutes === 'number' && (estimateMinutes < 0 || estimateMinutes > MAX_ESTIMATE))
    problems.push(
      problemAt(
        context,
        row,
        'estimateMinutes',
        `must be between 0 and ${MAX_ESTIMATE} minutes`,
        estimateMinutes,
      ),
    );
  return problems;
}

/**
 * Keys of a task: its external id; without one, its title, due time, customer and deal, so that a file
 * re-run without ids creates nothing twice.
 */
function taskKeys(_context: WriteContext, record: RecordValues): string[] {
  if (typeof record.external_id === 'string') return [`externalId:${record.external_id}`];
  return [sameKey(record)];
}

function sameKey(record: Record<string, unknown>): string {
  return `title:${keyText(record.title).toLowerCase()} (due ${keyText(record.due_at, 'never')}, customer ${keyText(record.customer_id, '-')}, deal ${keyText(record.opportunity_id, '-')})`;
}

async function findTasks(context: WriteContext, keys: string[]) {
  const externalIds = keyValues(keys, 'externalId');
  const titles = keyValues(keys, 'title').map((value) => value.slice(0, value.lastIndexOf(' (due ')));
  const rows = await existingBy(
    context,
    sql`select id, title as label, import_id, import_line, external_id, title, customer_id, opportunity_id,
               to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at
          from tasks
         where deleted_at is null
           and (external_id = any(${textArrayParam(externalIds)}) or lower(title) = any(${textArrayParam(titles)}))
           and ${visibleWhere(context.actor) ?? sql`true`}`,
  );
  return rows.map((row) => ({
    ...row,
    keys: [...(typeof row.external_id === 'string' ? [`externalId:${row.external_id}`] : []), sameKey(row)],
  }));
}

const spec: RecordSpec<TaskBatch> = {
  table: 'tasks',
  noun: 'task',
  columns: [
    ['external_id', 'text'],
    ['title', 'text'],
    ['description', 'text'],
    ['category', 'text'],
    ['priority', 'text'],
    ['status', 'text'],
    ['visibility', 'text'],
    ['due_at', 'timestamptz'],
    ['estimate_minutes', 'integer'],
    ['customer_id', 'uuid'],
    ['opportunity_id', 'uuid'],
    ['created_by', 'uuid'],
    ['completed_at', 'timestamptz'],
  ],
  defaults: {
    description: "''",
    category: "'follow_up'",
    priority: "'medium'",
    status: "'todo'",
    visibility: "'team'",
  },
  updatable: [
    'title',
    'description',
    'category',
    'priority',
    'status',
    'visibility',
    'due_at',
    'estimate_minutes',
    'customer_id',
    'opportunity_id',
    'completed_at',
  ],
  async prepare(context, rows) {
    return {
      ...(await findReferences(context, rows)),
      categories: await loadCategories(context),
      hidden: await hiddenExternalIds(context, rows),
      assignees: new Map(),
    };
  },
  toRecord(context, batch, row) {
    const values = row.values;
    const problems = ruleProblems(context, batch, row);
    const references = settleReferences(context, batch, row);
    if (Array.isArray(references)) problems.push(...references);
    const assignees = assigneesOf(context, row);
    if (typeof assignees[0] !== 'string') problems.push(...(assignees as RowProblem[]));
    if (problems.length || Array.isArray(references)) return problems;
    batch.assignees.set(row, assignees as string[]);
    const status = (values.status as string | undefined) ?? null;
    return {
      external_id: (values.externalId as string | undefined) ?? null,
      title: values.title as string,
      description: (values.description as string | undefined) ?? null,
      category: typeof values.category === 'string' ? categoryOf(batch.categories, values.category)! : null,
      priority: (values.priority as string | undefined) ?? null,
      status,
      visibility: (values.visibility as string | undefined) ?? null,
      due_at: typeof values.dueAt === 'string' ? new Date(values.dueAt).toISOString() : null,
      estimate_minutes: (values.estimateMinutes as number | undefined) ?? null,
      customer_id: references.customerId,
      opportunity_id: references.opportunityId,
      created_by: context.actor.userId,
      completed_at: status === 'done' ? new Date().toISOString() : null,
    };
  },
  keysOf: taskKeys,
  findExisting: findTasks,
  async afterCreate(context, batch, created) {
    const ids = created.map((candidate) => candidate.record.id as string);
    await addAssignees(context, batch, created);
    await bulkInsert(
      context.tx,
      'task_status_changes',
      STATUS_CHANGE_COLUMNS,
      created.map((candidate) => ({
        tenant_id: context.job.tenantId,
        id: uuidv7(),
        task_id: candidate.record.id,
        from_status: null,
        to_status: candidate.record.status ?? 'todo',
        changed_by: context.actor.userId,
      })),
    );
    await syncReminders(context.tx, context.job.tenantId, sql`t.id = any(${textArrayParam(ids)}::uuid[])`);
  },
  async afterUpdate(context, batch, updated) {
    await addAssignees(
      context,
      batch,
      updated.map(({ id, candidate }) => ({ ...candidate, record: { ...candidate.record, id } })),
    );
    // The status each task had before this import touched it (kept for undo) and the one it has now.
    const ids = updated.map(({ id }) => id);
    const moved = await queryRows<{ task_id: string; from_status: string; to_status: string }>(
      context.tx,
      sql`select t.id as task_id, ch.before->>'status' as from_status, t.status as to_status
            from tasks t join import_changes ch on ch.record_id = t.id and ch.import_id = ${context.job.id}
           where t.id = any(${textArrayParam(ids)}::uuid[]) and ch.before->>'status' is distinct from t.status`,
    );
    await bulkInsert(
      context.tx,
      'task_status_changes',
      STATUS_CHANGE_COLUMNS,
      moved.map((change) => ({
        ...change,
        tenant_id: context.job.tenantId,
        id: uuidv7(),
        changed_by: context.actor.userId,
      })),
    );
    await syncReminders(context.tx, context.job.tenantId, sql`t.id = any(${textArrayParam(ids)}::uuid[])`);
  },
};

/** The assignees rows name (an update adds those it names and keeps the others). */
async function addAssignees(context: WriteContext, batch: TaskBatch, written: Candidate[]) {
  const rows = written.flatMap((candidate) =>
    (batch.assignees.get(candidate.row) ?? []).map((userId) => ({
      tenant_id: context.job.tenantId,
      task_id: candidate.record.id,
      user_id: userId,
      assigned_by: context.actor.userId,
    })),
  );
  if (!rows.length) return;
  await context.tx.execute(
    sql`insert into task_assignees (tenant_id, task_id, user_id, assigned_by)
        select tenant_id, task_id, user_id, assigned_by
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(tenant_id uuid, task_id uuid, user_id uuid, assigned_by uuid)
        on conflict do nothing`,
  );
}

const STATUS_CHANGE_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['task_id', 'uuid'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['changed_by', 'uuid'],
] as const;

export const tasksWriter: ImportWriter = {
  table: spec.table,
  updatable: spec.updatable,
  write: (context, rows) => writeRecords(context, rows, spec),
};
