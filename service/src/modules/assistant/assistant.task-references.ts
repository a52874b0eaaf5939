/**
 * Which task a change means. "it", "that", "this one" point back at the task the member's previous turn
 * in this conversation made or changed (kept for Undo); a title is matched among the member's open tasks,
 * and only among those of the customer, deal or contact the message names ("globex deck -> high pri" is
 * never a Hooli Cloud deck). What is not there is said plainly; nothing else is picked instead.
 */
import type { Command as ParsedCommand } from '@closer/nlp';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { holdsAny } from '../../core/identity/actor.js';
import type { CommandInput as Command } from '../../core/module/module.js';
import { visibleWhere as contactsVisible } from '../contacts/contacts.policy.js';
import { visibleWhere as dealsVisible } from '../opportunities/opportunities.policy.js';
import { getTask, listTasks, type TaskWithRelations } from '../tasks/tasks.commands.js';
import { ASSIGN_OTHERS } from '../tasks/tasks.policy.js';
import * as repo from './assistant.repo.js';

type Actor = Command['actor'];
type Entities = Record<string, unknown>;
type Task = TaskWithRelations['task'];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The changes that name a task: the new records with `task` kinds and the task changes. */
const TASK_CHANGES = new Set(['task', 'task_fields', 'task_status']);
/**
 * Whether a task change points back ("make it high priority", "mark that done") instead of naming a task:
 * the parser says so (`refersBack`); a correction, which names no task, changes the task its turn changed.
 */
export function pointsBack(command: ParsedCommand): boolean {
  if (command.intent !== 'update_task' && command.intent !== 'complete_task') return false;
  return command.refersBack === true || (command.corrects === true && command.entities.title === undefined);
}

/** The tasks the member's previous turn in this conversation (within its ten minutes) made or changed. */
export async function previousTasks(
  actor: Actor,
  tx: Tx,
  conversation: string | undefined,
): Promise<TaskWithRelations[]> {
  if (!conversation) return [];
  const last = await repo.findLatest(tx, actor.userId, conversation, 'done');
  const ids = new Set(
    (last?.changes ?? []).filter((change) => TASK_CHANGES.has(change.kind)).map((change) => change.id),
  );
  const tasks: TaskWithRelations[] = [];
  for (const taskId of ids) {
    try {
      tasks.push(await getTask({ actor, tx, taskId }));
    } catch {
      // Deleted since, or no longer the member's to see: it is not what "it" means.
    }
  }
  return tasks;
}

/** The records a task change names, as the tasks they hold and the words of their names. */
interface Scope {
  /** "Globex", "Initech renewal", "Jane Doe": how the reply names the record. */
  label: string;
  customerId?: string;
  holds: (task: Task) => boolean;
  nameWords: Set<string>;
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The open deals (or any, named) and the contacts of a name the actor sees, with their customers. */
async function recordsNamed(actor: Actor, tx: Tx, table: 'opportunities' | 'contacts', name: string) {
  const rows = await queryRows<{ id: string; customers: string | null }>(
    tx,
    table === 'opportunities'
      ? sql`select id, customer_id::text as customers from opportunities
          where ${dealsVisible(actor) ?? sql`opportunities.deleted_at is null`}
            and lower(opportunities.name) = ${name.toLowerCase()}`
      : sql`select contacts.id, string_agg(at_customer.customer_id::text, ',') as customers from contacts
          left join contact_customers at_customer on at_customer.tenant_id = contacts.tenant_id
            and at_customer.contact_id = contacts.id
          where ${contactsVisible(actor) ?? sql`contacts.deleted_at is null`}
            and lower(contacts.name) = ${name.toLowerCase()}
          group by contacts.id`,
  );
  return {
    ids: rows.map((row) => row.id),
    customers: rows.flatMap((row): string[] => row.customers?.split(',') ?? []),
  };
}

/**
 * What the customer, deal and contact a command names allow (all of them). A deal holds its own tasks and
 * those of its customer that name no deal (a task made in chat names none); a contact, the tasks of their
 * customers and those whose title names them.
 */
async function scopeOf(
  actor: Actor,
  tx: Tx,
  customers: Map<string, string>,
  e: Entities,
): Promise<Scope | undefined> {
  const customer = str(e.customer);
  const deal = str(e.opportunity);
  const contact = str(e.contact);
  const label = deal ?? customer ?? contact;
  if (!label) return undefined;
  const tests: ((task: Task) => boolean)[] = [];
  const customerId = customer ? (customers.get(customer.toLowerCase()) ?? '') : undefined;
  if (customerId !== undefined) tests.push((task) => task.customerId === customerId);
  if (deal) {
    const deals = await recordsNamed(actor, tx, 'opportunities', deal);
    tests.push((task) =>
      task.opportunityId
        ? deals.ids.includes(task.opportunityId)
        : deals.customers.includes(task.customerId ?? ''),
    );
  }
  if (contact) {
    const people = await recordsNamed(actor, tx, 'contacts', contact);
    const [first = ''] = wordsOf(contact);
    tests.push(
      (task) =>
        people.ids.length > 0 &&
        (people.customers.includes(task.customerId ?? '') || wordsOf(task.title).includes(first)),
    );
  }
  return {
    label,
    ...(customerId && { customerId }),
    holds: (task) => tests.every((test) => test(task)),
    nameWords: new Set([customer, deal, contact].flatMap((name) => (name ? wordsOf(name) : []))),
  };
}

/** The share of the words a message gives for a task (`said`) that a task's title holds. */
function overlap(said: string[], title: string): number {
  const held = new Set(wordsOf(title));
  const wanted = new Set(said);
  return [...wanted].filter((word) => held.has(word)).length / Math.max(1, wanted.size);
}

/**
 * The member's open task a change means: the one resolved before (`taskId`), else the one whose title holds
 * most (half or more) of the words the message gives, among the tasks of the records it names, whose names'
 * words do not count. Nothing fits: a sentence that says so, as a validation error.
 */
export async function taskReferredTo(input: {
  actor: Actor;
  tx: Tx;
  customers: Map<string, string>;
  entities: Entities;
}): Promise<TaskWithRelations> {
  const { actor, tx, entities: e } = input;
  const taskId = str(e.taskId);
  if (taskId) return getTask({ actor, tx, taskId });
  const title = str(e.title) ?? '';
  const scope = await scopeOf(actor, tx, input.customers, e);
  const words = wordsOf(title).filter((word) => !scope?.nameWords.has(word));
  const fitting = async (mine: boolean) => {
    const page = await listTasks({
      actor,
      tx,
      mine,
      limit: 100,
      ...(scope?.customerId && { customerId: scope.customerId }),
    } as Parameters<typeof listTasks>[0]);
    const [best] = page.items
      .filter(({ task }) => task.status !== 'done' && (!scope || scope.holds(task)))
      .map((item) => ({ item, score: words.length ? overlap(words, item.task.title) : 1 }))
      .filter((candidate) => candidate.score >= 0.5)
      // The best fit; of those alike, one the member gave out before one of someone else's.
      .sort(
        (a, b) =>
          b.score - a.score ||
          Number(b.item.task.createdBy === actor.userId) - Number(a.item.task.createdBy === actor.userId),
      );
    return best?.item;
  };
  // The member's own tasks first; a manager's (or admin's) also those they see of their team's.
  const best = (await fitting(true)) ?? (holdsAny(actor, ASSIGN_OTHERS) ? await fitting(false) : undefined);
  if (best) return best;
  const said = title
    .split(/\s+/)
    .filter((word) => !wordsOf(word).every((part) => scope?.nameWords.has(part)))
    .join(' ');
  throw AppError.validation([
    {
      path: '',
      message: !scope
        ? `you have no open task like "${title}".`
        : `I found no ${scope.label} task${said ? ` called ${said}` : ''}.`,
    },
  ]);
}
