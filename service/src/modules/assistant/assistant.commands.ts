/**
 * The assistant's conversation core, platform-neutral: a message from a linked user becomes the
 * parser's commands (with the organization's names), each resolved against what the user can see,
 * held for confirmation when it is hard to undo or the reading is unsure, and carried out by the same
 * domain commands the HTTP API calls, with the user's own permissions and `via` set to the channel.
 * The reply says what changed, with links, and offers Undo for ten minutes. A question never changes
 * anything.
 */
import type { Command as ParsedCommand, ParseContext } from '@closer/nlp';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { CommandInput as Command } from '../../core/module/module.js';
import { toChatReply } from '../../errors.js';
import { holdsAny } from '../../core/identity/actor.js';
import { createContact, deleteContact } from '../contacts/contacts.commands.js';
import { CONTACT_PERMISSIONS, visibleWhere as contactsVisible } from '../contacts/contacts.policy.js';
import { visibleWhere as customersVisible } from '../customers/customers.policy.js';
import { deleteInteraction, logInteraction } from '../interactions/interactions.commands.js';
import { createGoal, deleteGoal } from '../goals/goals.commands.js';
import {
  createOpportunity,
  deleteOpportunity,
  moveOpportunity,
  updateOpportunity,
  updateOpportunityAmount,
  visibleOpportunity,
} from '../opportunities/opportunities.commands.js';
import { visibleWhere as dealsVisible } from '../opportunities/opportunities.policy.js';
import { pipelineSummary } from '../opportunities/opportunities.queries.js';
import { createTask, deleteTask, getTask, updateTask } from '../tasks/tasks.commands.js';
import { CREATE_ALL_TYPES } from '../tasks/tasks.policy.js';
import type { TaskPriority, TaskStatus, TaskVisibility } from '../tasks/tasks.tables.js';
import {
  closedIn,
  customerSummary,
  dealStatus,
  dueTasks,
  interactionCount,
  moneyLabel,
} from './assistant.answers.js';
import { goalInputOf, goalProgress, goalSoFar, interactionsCounted, leaderboard } from './assistant.goals.js';
import { dayLabel, localDay, momentLabel, timeLabel } from './assistant.dates.js';
import { pushAmount, pushedDue, type PushPeriod } from './assistant.push.js';
import { pointsBack, referTo } from './assistant.references.js';
import * as repo from './assistant.repo.js';
import { taskReferredTo } from './assistant.task-references.js';
import { undoneSentence } from './assistant.undo-labels.js';
import type { AssistantTurn, PendingCommand, TurnChange } from './assistant.tables.js';

/** The parser, loaded on the first message: it brings compromise and chrono, which nothing else needs. */
const nlp = () => import('@closer/nlp');

/** How long Undo and Confirm stay on offer. */
export const ACTION_MINUTES = 10;

export type ReplyLineKind = 'changed' | 'answer' | 'question' | 'problem';

export interface ReplyLine {
  kind: ReplyLineKind;
  text: string;
  /** Path of the record in the dashboard, when there is one. */
  link?: string;
}

export interface ReplyAction {
  action: 'undo' | 'confirm' | 'cancel';
  label: string;
  turnId: string;
  expiresAt: string;
}

/** The platform-neutral reply: rendered to Block Kit, Adaptive Cards or the web console's JSON. */
export interface AssistantReply {
  turnId: string | null;
  text: string;
  lines: ReplyLine[];
  actions: ReplyAction[];
}

/** A write the turn holds until confirmed: stage to won or lost, or an unsure reading. */
const HARD_TO_UNDO_STAGES = new Set(['won', 'lost']);

interface Known {
  context: ParseContext;
  customers: Map<string, string>;
  contacts: Map<string, string>;
  stages: { id: string; name: string; kind: string; pipelineId: string }[];
  /** The conversation the message is in: "it" is the task its previous turn changed. */
  conversation?: string;
}

/** The organization's names as the parser takes them, and the ids behind them. */
interface Names {
  known: NonNullable<ParseContext['known']>;
  customers: Map<string, string>;
  contacts: Map<string, string>;
  stages: Known['stages'];
}

/**
 * Names per member (the records they see), kept while the organization's have not changed: the parser
 * indexes a `known` object once (by identity), so reusing it spares every message the index build, and the
 * six reads become one.
 */
const namesCache = new Map<string, { version: string; names: Promise<Names> }>();
const NAMES_CACHE_MEMBERS = 500;

/** Changes when a name the parser knows could have: counts and last updates of the named records. */
async function namesVersion(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await queryRows<{ version: string }>(
    tx,
    sql`select concat_ws('|',
          (select count(*) || ':' || coalesce(max(updated_at)::text, '') from customers where deleted_at is null),
          (select count(*) || ':' || coalesce(max(updated_at)::text, '') from contacts where deleted_at is null),
          (select count(*) || ':' || coalesce(max(updated_at)::text, '') from opportunities
            where deleted_at is null and status = 'open'),
          (select count(*) || ':' || coalesce(max(updated_at)::text, '') from stages where archived_at is null),
          (select count(*) || ':' || coalesce(max(greatest(m.updated_at, u.updated_at))::text, '')
             from memberships m join users u on u.id = m.user_id
            where m.tenant_id = ${tenantId} and m.status = 'active')) as version`,
  );
  return row!.version;
}

/**
 * The names a member's messages can mean: the customers, contacts and open deals they see (a rep's "Acme"
 * is the Acme they work on, never one of a colleague's they cannot open), every active member, the stages.
 */
async function loadNames(tx: Tx, actor: Command['actor']): Promise<Names> {
  const { tenantId } = actor;
  const [customers, contacts, users, opportunities, stages] = await Promise.all([
    queryRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from customers where ${customersVisible(actor) ?? sql`deleted_at is null`}
        order by updated_at desc limit 5000`,
    ),
    queryRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from contacts where ${contactsVisible(actor) ?? sql`deleted_at is null`}
        order by updated_at desc limit 5000`,
    ),
    queryRows<{ id: string; name: string }>(
      tx,
      sql`select u.id, u.name from memberships m join users u on u.id = m.user_id
        where m.tenant_id = ${tenantId} and m.status = 'active'`,
    ),
    queryRows<{ name: string; customer: string }>(
      tx,
      sql`select opportunities.name, customers.name as customer from opportunities
        join customers on customers.tenant_id = opportunities.tenant_id
          and customers.id = opportunities.customer_id and customers.deleted_at is null
        where ${dealsVisible(actor) ?? sql`opportunities.deleted_at is null`} and opportunities.status = 'open'
        order by opportunities.updated_at desc limit 5000`,
    ),
    queryRows<{ id: string; name: string; kind: string; pipeline_id: string }>(
      tx,
      sql`select id, name, kind, pipeline_id from stages where archived_at is null order by position`,
    ),
  ]);
  const byName = (rows: { id: string; name: string }[]) =>
    new Map(rows.map((row) => [row.name.toLowerCase(), row.id] as const));
  return {
    known: {
      customers: customers.map((row) => row.name),
      contacts: contacts.map((row) => row.name),
      users: users.map((row) => ({ id: row.id, name: row.name })),
      opportunities: opportunities.map((row) => row.name),
      dealCustomers: Object.fromEntries(opportunities.map((row) => [row.name, row.customer])),
      stages: [...new Set(stages.map((row) => row.name))],
    },
    customers: byName(customers),
    contacts: byName(contacts),
    stages: stages.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      pipelineId: row.pipeline_id,
    })),
  };
}

/** The names the member's messages can mean (cached while unchanged), and the member's timezone. */
async function knownNames(tx: Tx, actor: Command['actor']): Promise<Known> {
  const [version, zone] = await Promise.all([
    namesVersion(tx, actor.tenantId),
    queryRows<{ timezone: string }>(
      tx,
      sql`select timezone from notification_preferences where user_id = ${actor.userId}`,
    ),
  ]);
  const key = `${actor.tenantId}:${actor.userId}`;
  let entry = namesCache.get(key);
  if (!entry || entry.version !== version) {
    entry = { version, names: loadNames(tx, actor) };
    namesCache.delete(key);
    if (namesCache.size >= NAMES_CACHE_MEMBERS) namesCache.delete(namesCache.keys().next().value!);
    namesCache.set(key, entry);
    entry.names.catch(() => namesCache.delete(key));
  }
  const names = await entry.names;
  return {
    context: { now: new Date().toISOString(), timezone: zone[0]?.timezone ?? 'UTC', known: names.known },
    customers: names.customers,
    contacts: names.contacts,
    stages: names.stages,
  };
}

/** What one command came to: lines for the reply, changes for Undo, a command to hold, or what to ask. */
interface Outcome {
  lines: ReplyLine[];
  changes: TurnChange[];
  hold?: PendingCommand;
  /** Slots the command misses: the next message in the conversation may give them. */
  ask?: string[];
}

const SLOT_QUESTIONS: Record<string, string> = {
  customer: 'which customer',
  contact: 'who it was with',
  title: 'what the task is',
  remindAt: 'when to remind you',
  dueDate: 'when it is due',
  opportunity: 'which deal',
  metric: 'what the goal measures',
  target: 'the target',
  assignee: 'who it is for',
};

/** "Tell me which customer and when it is due, and I'll do the rest." */
function askFor(missing: string[]): string {
  const asked = missing.map((slot) => SLOT_QUESTIONS[slot] ?? slot.replace(/([A-Z])/g, ' $1').toLowerCase());
  const list = asked.length > 1 ? `${asked.slice(0, -1).join(', ')} and ${asked.at(-1)}` : asked[0];
  return `Tell me ${list}, and I'll do the rest.`;
}

const QUESTIONS = new Set([
  'query_tasks',
  'query_pipeline',
  'query_opportunity',
  'query_customer',
  'query_performance',
  'query_goals',
]);

/** Takes a message and answers it (see the file comment). */
export async function converse({
  actor,
  tx,
  text,
  conversation,
}: Command & { text: string; conversation: string }): Promise<AssistantReply> {
  const known: Known = { ...(await knownNames(tx, actor)), conversation };
  const { parse } = await nlp();
  let said = text;
  let commands = parse(text, known.context).commands;
  // "make it high priority" after a task change is a change of that task, not a correction that makes the
  // whole previous command again (its due date with it).
  const corrected = commands.some((command) => pointsBack(command))
    ? undefined
    : await correction(actor, tx, known, conversation, text);
  // An answer to the question asked last ("Which customer?" -> "Acme"): read the two messages as one.
  const asking = corrected ? undefined : await repo.findLatest(tx, actor.userId, conversation, 'asking');
  if (asking) {
    await repo.setStatus(tx, asking.id, 'answered', []);
    const standsAlone = commands.some(
      (command) => command.intent !== 'unknown' && !command.missing.length && command.confidence >= 0.75,
    );
    const together = `${asking.text} ${text}`;
    const completed = parse(together, known.context).commands;
    const missingBefore = asking.pending.length;
    if (
      !standsAlone &&
      completed.some((command) => WRITES.has(command.intent)) &&
      missingOf(completed) < missingBefore
    ) {
      said = together;
      commands = completed;
    }
  }
  const outcomes: Outcome[] = corrected ? [corrected] : [];
  const understood = commands.some((command) => command.intent !== 'unknown' && command.confidence >= 0.5);
  for (const command of corrected ? [] : commands) {
    // "vpn is down again. anyway, met carlos from vandelay": the part we do not do is named, not answered
    // with the help text.
    const leftOut = understood && command.intent === 'unknown';
    if (leftOut) outcomes.push(leftOutOf(command, said));
    else if (command.intent === 'undo' || command.intent === 'cancel')
      outcomes.push(await takeBack(actor, tx, conversation, command.intent, asking !== undefined));
    else outcomes.push(await settle(actor, tx, known, command, said));
  }
  const changes = outcomes.flatMap((outcome) => outcome.changes);
  const pending = outcomes.flatMap((outcome) => (outcome.hold ? [outcome.hold] : []));
  const lines = outcomes.flatMap((outcome) => outcome.lines);
  const asks = outcomes.flatMap((outcome) => outcome.ask ?? []);
  if (!changes.length && !pending.length) {
    if (asks.length) {
      await repo.insertTurn(tx, {
        tenantId: actor.tenantId,
        userId: actor.userId,
        via: viaOf(actor),
        conversation,
        text: said,
        status: 'asking',
        changes: [],
        // What is missing, one entry per slot: the next message must fill at least one.
        pending: asks.map((slot) => ({ intent: 'missing', entities: { slot } })),
        expiresAt: new Date(Date.now() + ACTION_MINUTES * 60_000),
      });
    }
    return { turnId: null, text: summaryOf(lines), lines, actions: [] };
  }
  const turn = await repo.insertTurn(tx, {
    tenantId: actor.tenantId,
    userId: actor.userId,
    via: viaOf(actor),
    conversation,
    text: said,
    status: pending.length ? 'pending' : 'done',
    changes,
    pending,
    expiresAt: new Date(Date.now() + ACTION_MINUTES * 60_000),
  });
  return { turnId: turn.id, text: summaryOf(lines), lines, actions: actionsOf(turn) };
}

const viaOf = (actor: Command['actor']) =>
  actor.via === 'slack' || actor.via === 'teams' ? actor.via : ('web' as const);

/** Slots still missing across the commands of a message. */
const missingOf = (commands: ParsedCommand[]) =>
  commands.reduce((sum, command) => sum + command.missing.length, 0);

function actionsOf(turn: AssistantTurn): ReplyAction[] {
  const base = { turnId: turn.id, expiresAt: turn.expiresAt.toISOString() };
  const actions: ReplyAction[] = [];
  if (turn.pending.length) {
    actions.push({ ...base, action: 'confirm', label: 'Yes, do it' });
    actions.push({ ...base, action: 'cancel', label: 'Cancel' });
  }
  if (turn.changes.length) actions.push({ ...base, action: 'undo', label: 'Undo' });
  return actions;
}

function summaryOf(lines: ReplyLine[]): string {
  const changed = lines.filter((line) => line.kind === 'changed').length;
  if (changed) return `Done: ${changed} change${changed === 1 ? '' : 's'}.`;
  if (lines.some((line) => line.kind === 'question')) return 'One thing to check first.';
  return lines[0]?.text ?? 'I did not catch that.';
}

/** A part of a message we do not act on, quoted back so the member knows it was not lost silently. */
function leftOutOf(command: ParsedCommand, text: string): Outcome {
  // Its first sentence: "vpn is down again. anyway" says "vpn is down again".
  const [first = ''] = text
    .slice(command.span[0], command.span[1])
    .trim()
    .split(/(?<=[.!?])\s/);
  const words = first.replace(/[\s,;:.!?-]+$/, '');
  const quoted = words.length > 60 ? `${words.slice(0, 57)}...` : words;
  return {
    lines: [{ kind: 'answer', text: `I left out "${quoted}": that is not something I can do.` }],
    changes: [],
  };
}

/** One command: answered, carried out, held, or explained. A failure is a sentence, never a stack. */
async function settle(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  command: ParsedCommand,
  text: string,
): Promise<Outcome> {
  if (command.confidence < 0.5 || command.intent === 'unknown' || command.intent === 'help')
    return { lines: [{ kind: 'answer', text: HELP }], changes: [] };
  if (QUESTIONS.has(command.intent))
    return { lines: await answer(actor, tx, known, command, text), changes: [] };
  if (!WRITES.has(command.intent))
    return {
      lines: [
        {
          kind: 'answer',
          text: `I understood "${command.intent.replace(/_/g, ' ')}", which the assistant cannot do yet; the dashboard can.`,
        },
      ],
      changes: [],
    };
  // The task, the contact it means (or what to say instead), before anything is asked, held or done.
  const referred = await referTo({ actor, tx, known, command, text });
  if (!('command' in referred)) return referred;
  command = referred.command;
  if (command.missing.length)
    return {
      lines: [{ kind: 'question', text: askFor(command.missing) }],
      changes: [],
      ask: command.missing,
    };
  const pending: PendingCommand = { intent: command.intent, entities: { ...command.entities } };
  // "push the proposal to next week": a push must land later (see assistant.push.ts).
  if (command.push && command.entities.dueDate) pending.entities.push = command.push;
  if (command.pushBy) pending.entities.pushBy = command.pushBy;
  // "emailed sarah the questionnaire, waiting on their answer": a log keeps what was said of it, the topic the
  // parser read or else the message itself.
  if (command.intent === 'log_interaction' && !str(pending.entities.summary))
    pending.entities.summary = text.trim().slice(0, 2000);
  // "sterling is now 45k": an amount that names no currency keeps the deal's (see the writers).
  if (command.currencySaid) pending.entities.currencySaid = true;
  const notTheirs = audienceNotTheirs(actor, pending);
  if (notTheirs) return notTheirs;
  const stage = command.entities.stage ? stageNamed(known, command.entities.stage) : undefined;
  if (command.confirm || (stage && HARD_TO_UNDO_STAGES.has(stage.kind)))
    return (
      (await cannotMake(actor, tx, known, pending)) ?? {
        lines: [{ kind: 'question', text: `Should I ${describe(pending)}?` }],
        changes: [],
        hold: pending,
      }
    );
  return carryOut(actor, tx, known, pending);
}

/** What a task change sets besides who sees it. */
const TASK_FIELDS = ['dueDate', 'priority', 'status', 'progress', 'assignee'] as const;

/**
 * "task to call Jane tomorrow, only I should see it" from a member who may not choose who sees a task
 * (`tasks.create_all_types`): the task is not made wider than asked without a yes, nor dropped. What else the
 * command says is held as a question without the audience; a change that was only the audience is refused.
 */
function audienceNotTheirs(actor: Command['actor'], pending: PendingCommand): Outcome | undefined {
  const visibility = str(pending.entities.visibility);
  if (!visibility || visibility === 'team' || holdsAny(actor, CREATE_ALL_TYPES)) return undefined;
  const entities = { ...pending.entities };
  delete entities.visibility;
  const why = `Only managers choose who sees a task, so I can't make it ${visibility}.`;
  const creates = pending.intent !== 'update_task';
  if (!creates && !TASK_FIELDS.some((field) => entities[field] !== undefined))
    return { lines: [{ kind: 'problem', text: `${why} Nothing changed.` }], changes: [] };
  const hold = { ...pending, entities };
  return {
    lines: [
      {
        kind: 'question',
        text: `${why} Should I ${describe(hold)} ${creates ? 'as a team task' : 'without that'}?`,
      },
    ],
    changes: [],
    hold,
  };
}

/** Customers a write names that must be there (a task change's customer only narrows the tasks). */
const NAMES_CUSTOMER = new Set(['log_interaction', 'create_task', 'set_reminder', 'create_opportunity']);

/**
 * Why a change about to be held for Confirm could not be made: its deal, customer or colleague is not one
 * the member has ("Initech is lost" with no open Initech deal). Said plainly instead of asked.
 */
async function cannotMake(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  pending: PendingCommand,
): Promise<Outcome | undefined> {
  const e = pending.entities;
  try {
    if (pending.intent === 'update_opportunity') await dealOf(actor, tx, known, e);
    if (NAMES_CUSTOMER.has(pending.intent)) idOf(known.customers, e.customer, 'customer');
    colleagueOf(known, e.assignee);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { lines: [{ kind: 'problem', text: toChatReply(error).sentence }], changes: [] };
  }
}

/** The kind of change in a turn that the new record a command makes is. */
const MADE_BY: Partial<Record<string, TurnChange['kind']>> = {
  log_interaction: 'interaction',
  create_task: 'task',
  set_reminder: 'task',
  create_opportunity: 'new_opportunity',
  set_goal: 'goal',
};

/** Thrown inside a correction's savepoint when the corrected change could not be made: the record stays. */
class CorrectionFailed extends Error {
  constructor(readonly outcome: Outcome) {
    super('correction failed');
  }
}

/**
 * "actually make that 50k" after "deal is now 40k", "wait no, friday not thursday" after a new task: a
 * correction of what the member's last turn in this conversation did (within its ten minutes). The parser reads
 * the message against each command of that turn, last first; the first one it corrects is made again with the
 * corrected entities over its own. A change (a deal's amount, a task's fields) is simply made again; a record
 * the turn created is taken back first, so the correction moves the task just made instead of adding a second.
 * Both happen in one savepoint: when the corrected change cannot be made, the record stays as it was.
 */
async function correction(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  conversation: string,
  text: string,
): Promise<Outcome | undefined> {
  const last = await repo.findLatest(tx, actor.userId, conversation, 'done');
  if (!last) return undefined;
  const { parse } = await nlp();
  const before = parse(last.text, known.context).commands.filter(
    (command) => WRITES.has(command.intent) && command.confidence >= 0.5,
  );
  for (const previous of before.reverse()) {
    const context = { ...known.context, previous: { intent: previous.intent, entities: previous.entities } };
    const [fix] = parse(text, context).commands;
    if (!fix?.corrects) continue;
    const made = MADE_BY[previous.intent];
    const records = made ? last.changes.filter((change) => change.kind === made) : [];
    if (made && records.length !== 1)
      return {
        lines: [
          {
            kind: 'problem',
            text: 'I could not tell which of your last changes to correct: Undo it and say it again.',
          },
        ],
        changes: [],
      };
    const merged: ParsedCommand = {
      ...previous,
      // ("actually make that 47.5k": the currency is said, or not, by the amount that stands.)
      currencySaid: fix.entities.amount ? fix.currencySaid : previous.currencySaid,
      entities: { ...previous.entities, ...fix.entities },
      missing: [],
      confirm: false,
    };
    try {
      const outcome = await tx.transaction(async (inner) => {
        const record = records[0];
        if (record) {
          await undoChange(actor, inner, record);
          const left = last.changes.filter((change) => change !== record);
          await repo.setStatus(inner, last.id, left.length ? 'done' : 'undone', left);
        }
        const result = await settle(actor, inner, known, merged, text);
        if (!result.changes.length && !result.hold) throw new CorrectionFailed(result);
        return result;
      });
      const [first, ...rest] = outcome.lines;
      const lines =
        first?.kind === 'changed' ? [{ ...first, text: `Corrected: ${first.text}` }, ...rest] : outcome.lines;
      return { ...outcome, lines };
    } catch (error) {
      if (error instanceof CorrectionFailed) return error.outcome;
      throw error;
    }
  }
  return undefined;
}

/** Carries out one write in a savepoint: it happens whole or not at all, and says why not. */
async function carryOut(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  pending: PendingCommand,
): Promise<Outcome> {
  try {
    return await tx.transaction(async (inner) =>
      WRITERS[pending.intent as WriteIntent](actor, inner, known, pending.entities),
    );
  } catch (error) {
    return { lines: [{ kind: 'problem', text: toChatReply(error).sentence }], changes: [] };
  }
}

type WriteIntent =
  | 'log_interaction'
  | 'create_task'
  | 'set_reminder'
  | 'complete_task'
  | 'update_task'
  | 'create_opportunity'
  | 'update_opportunity'
  | 'set_goal';
const WRITES = new Set<string>([
  'log_interaction',
  'create_task',
  'set_reminder',
  'complete_task',
  'update_task',
  'create_opportunity',
  'update_opportunity',
  'set_goal',
]);

type Entities = Record<string, unknown>;
type Writer = (
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  entities: Entities,
) => Promise<{ lines: ReplyLine[]; changes: TurnChange[] }>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function idOf(map: Map<string, string>, name: unknown, what: string): string | undefined {
  if (typeof name !== 'string') return undefined;
  const id = map.get(name.toLowerCase());
  if (!id) throw AppError.validation([{ path: '', message: `I know no ${what} called ${name}.` }]);
  return id;
}

/**
 * The contact an interaction is with. Someone the organization does not know yet, met at a customer it
 * does, becomes a contact there (a rep meets new people at accounts all the time, and Undo takes the
 * contact back with the interaction); without a customer, or without the right to add contacts, the
 * interaction is logged with nobody, and the reply says so.
 */
async function participant(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  name: string | undefined,
  customer: { id: string; name: string } | undefined,
): Promise<{ id?: string; lines: ReplyLine[]; changes: TurnChange[]; unlinked?: string }> {
  if (!name) return { lines: [], changes: [] };
  // At a customer, its own contacts were looked up first (assistant.contact-references.ts): a namesake
  // elsewhere in the organization is not who was met there.
  const id = customer ? undefined : known.contacts.get(name.toLowerCase());
  if (id) return { id, lines: [], changes: [] };
  if (!customer || !holdsAny(actor, CONTACT_PERMISSIONS.create))
    return { lines: [], changes: [], unlinked: `${name} is not a contact I know, so it names nobody.` };
  const { contact } = await createContact({
    actor,
    tx,
    name,
    customers: [{ customerId: customer.id, role: 'user' }],
  });
  return {
    id: contact.id,
    lines: [
      {
        kind: 'changed',
        text: `Added ${contact.name} as a contact at ${customer.name}.`,
        link: `/contacts/${contact.id}`,
      },
    ],
    changes: [{ kind: 'contact', id: contact.id }],
  };
}

/**
 * The member a command is for, by id. The parser gives the name as written when a mention or a name is no
 * member it knows ("<at>Dana</at>" of another organization): that is said, never guessed.
 */
function colleagueOf(known: Known, assignee: unknown): string | undefined {
  if (typeof assignee !== 'string') return undefined;
  if (known.context.known?.users?.some((user) => user.id === assignee)) return assignee;
  throw AppError.validation([{ path: '', message: `I know no colleague called ${assignee}.` }]);
}

function stageNamed(known: Known, name: string) {
  return known.stages.find((stage) => stage.name.toLowerCase() === name.toLowerCase());
}

/** A day the parser gave (YYYY-MM-DD), `plus` days later, at `hour`:00 in `zone`, as an instant. */
async function atLocal(day: string, zone: string, hour: number, plus = 0): Promise<Date> {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + plus));
  const { fromLocal } = await nlp();
  const local = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), h: hour, mi: 0 };
  return new Date(fromLocal(local, zone));
}

/** A day the parser gave (YYYY-MM-DD) as the end of the working day (17:00) in `zone`, or its instant. */
function dueAtOf(when: string, zone: string): Promise<Date> {
  return when.length === 10 ? atLocal(when, zone, 17) : Promise.resolve(new Date(when));
}

const DAY_LABEL = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** A period the parser gave (inclusive days) as the instants `[from, until)` in `zone`, and how to say it. */
async function within(period: { from: string; to: string }, zone: string) {
  const said = (day: string) => DAY_LABEL.format(new Date(`${day}T00:00:00Z`));
  const label =
    period.from === period.to
      ? `on ${said(period.from)}`
      : `between ${said(period.from)} and ${said(period.to)}`;
  return { from: await atLocal(period.from, zone, 0), until: await atLocal(period.to, zone, 0, 1), label };
}

/** The task fields the assistant changes, as kept for Undo (an instant as ISO text). */
type TaskFields = NonNullable<Extract<TurnChange, { kind: 'task_fields' }>['before']>;

/** Task fields as `updateTask` takes them. */
function taskInput(fields: TaskFields) {
  const { dueAt, ...rest } = fields;
  return { ...rest, ...(dueAt !== undefined && { dueAt: dueAt === null ? null : new Date(dueAt) }) };
}

const pick = <T extends object>(value: T, keys: string[]): T =>
  Object.fromEntries(Object.entries(value).filter(([key]) => keys.includes(key))) as T;

/** How a change reads: "due Fri, Dec 5", "priority high", "50% done", "assigned to Lena Park". */
/** Who sees a task of each visibility, as a reply says it. */
const SEEN_BY: Record<TaskVisibility, string> = {
  private: 'private (its assignee and their manager)',
  collaborative: 'shared with its collaborators',
  team: 'visible to the team',
};

function describeTaskChange(change: TaskFields, known: Known): string[] {
  const users = known.context.known?.users ?? [];
  return [
    change.dueAt && `due ${dayLabel(localDay(new Date(change.dueAt), known.context.timezone ?? 'UTC'))}`,
    change.priority && `priority ${change.priority}`,
    change.status && `now ${change.status.replace('_', ' ')}`,
    change.progress !== undefined && `${change.progress}% done`,
    change.visibility && SEEN_BY[change.visibility],
    change.assigneeIds &&
      `assigned to ${users.find((user) => user.id === change.assigneeIds![0])?.name ?? 'them'}`,
  ].filter((part): part is string => Boolean(part));
}

const WRITERS: Record<WriteIntent, Writer> = {
  async log_interaction(actor, tx, known, e) {
    const customerId = idOf(known.customers, e.customer, 'customer');
    const at = customerId ? { id: customerId, name: str(e.customer) ?? '' } : undefined;
    // The contact settled before (assistant.references.ts), or someone to find or add now.
    const settled = str(e.contactId);
    const person: Awaited<ReturnType<typeof participant>> = settled
      ? { id: settled, lines: [], changes: [] }
      : await participant(actor, tx, known, str(e.contact), at);
    const contactId = person.id;
    const { interaction } = await logInteraction({
      actor,
      tx,
      type: (str(e.interactionType) ?? 'note') as 'note',
      occurredAt: typeof e.occurredAt === 'string' ? new Date(e.occurredAt) : undefined,
      durationMinutes: typeof e.durationMinutes === 'number' ? e.durationMinutes : undefined,
      outcome: (str(e.outcome) ?? null) as 'positive' | null,
      summary: str(e.summary),
      customerId: customerId ?? null,
      participants: contactId ? { contactIds: [contactId], userIds: [] } : undefined,
    });
    const who = [str(e.contact), str(e.customer)].filter(Boolean).join(' at ');
    return {
      lines: [
        ...person.lines,
        {
          kind: 'changed',
          text: `Logged the ${interaction.type}${who ? ` with ${who}` : ''}.${person.unlinked ? ` ${person.unlinked}` : ''}`,
          // An interaction has no page of its own: it shows on its customer's (or contact's) page.
          ...((customerId ?? contactId) && {
            link: customerId ? `/customers/${customerId}` : `/contacts/${contactId}`,
          }),
        },
      ],
      changes: [...person.changes, { kind: 'interaction', id: interaction.id }],
    };
  },

  async create_task(actor, tx, known, e) {
    const customerId = idOf(known.customers, e.customer, 'customer');
    const assignee = colleagueOf(known, e.assignee);
    const zone = known.context.timezone ?? 'UTC';
    const dueAt = typeof e.dueDate === 'string' ? await dueAtOf(e.dueDate, zone) : null;
    // "remind me tomorrow at 9": the time given is when to remind, not a due date to remind ahead of.
    const timed = typeof e.dueDate === 'string' && e.dueDate.length > 10;
    const remindAt = e.reminder === true && timed ? dueAt : null;
    if (remindAt && remindAt.getTime() <= Date.now())
      throw AppError.validation([
        { path: '', message: `${momentLabel(remindAt, zone)} has passed; say a later time to be reminded` },
      ]);
    const { task } = await createTask({
      actor,
      tx,
      title: str(e.title) ?? 'Follow up',
      dueAt,
      ...(remindAt && { reminderOffsetsMinutes: [0] }),
      ...(str(e.priority) && { priority: str(e.priority) as 'high' }),
      ...(str(e.category) && { category: str(e.category) }),
      ...(str(e.visibility) && { visibility: str(e.visibility) as 'private' }),
      customerId: customerId ?? null,
      ...(assignee && { assigneeIds: [assignee] }),
    });
    const due = dueAt ? `, due ${localDay(dueAt, zone)}${timed ? ` at ${timeLabel(dueAt, zone)}` : ''}` : '';
    // ("Created the task ..., private (its assignee and their manager)": who sees it, when not the whole team.)
    const seen = task.visibility === 'team' ? '' : `, ${SEEN_BY[task.visibility]}`;
    const colleague =
      assignee && assignee !== actor.userId
        ? (known.context.known?.users?.find((user) => user.id === assignee)?.name ?? 'them')
        : undefined;
    const forWhom = colleague ? ` for ${colleague}` : '';
    return {
      lines: [
        {
          kind: 'changed',
          text: remindAt
            ? `I'll remind ${colleague ?? 'you'} on ${momentLabel(remindAt, zone)}: "${task.title}"${seen}.`
            : `Created the task "${task.title}"${forWhom}${due}${seen}.`,
          link: `/tasks/${task.id}`,
        },
      ],
      changes: [{ kind: 'task', id: task.id }],
    };
  },

  /** A reminder is a task of the actor's due when they want to be reminded (and reminded then, at a time given). */
  async set_reminder(actor, tx, known, e) {
    const at = str(e.remindAt);
    return WRITERS.create_task(actor, tx, known, { ...e, remindAt: undefined, dueDate: at, reminder: true });
  },

  async complete_task(actor, tx, known, e) {
    const { task } = await taskReferredTo({ actor, tx, customers: known.customers, entities: e });
    await updateTask({ actor, tx, taskId: task.id, version: task.version, status: 'done' });
    return {
      lines: [{ kind: 'changed', text: `Marked "${task.title}" done.`, link: `/tasks/${task.id}` }],
      changes: [{ kind: 'task_status', id: task.id, before: task.status }],
    };
  },

  /** "push the Acme deck to Friday", "Hooli f/u -> high pri", "initech deck → lena", "Wonka proposal about halfway". */
  async update_task(actor, tx, known, e) {
    const { task, relations } = await taskReferredTo({ actor, tx, customers: known.customers, entities: e });
    const zone = known.context.timezone ?? 'UTC';
    const assignee = colleagueOf(known, e.assignee);
    const due =
      typeof e.dueDate === 'string'
        ? await pushedDue({
            title: task.title,
            current: task.dueAt,
            wanted: await dueAtOf(e.dueDate, zone),
            push: str(e.push) as PushPeriod | undefined,
            by: pushAmount(e.pushBy),
            zone,
          })
        : undefined;
    const change: TaskFields = {
      ...(due && { dueAt: due.dueAt.toISOString() }),
      ...(str(e.priority) && { priority: str(e.priority) as TaskPriority }),
      ...(str(e.status) && { status: str(e.status) as TaskStatus }),
      ...(typeof e.progress === 'number' && { progress: e.progress }),
      ...(str(e.visibility) && { visibility: str(e.visibility) as TaskFields['visibility'] }),
      ...(assignee && { assigneeIds: [assignee] }),
    };
    const before: TaskFields = {
      dueAt: task.dueAt?.toISOString() ?? null,
      priority: task.priority,
      status: task.status,
      progress: task.progress,
      visibility: task.visibility,
      assigneeIds: relations.assigneeIds,
    };
    // "share the forecast task w/ the team" of a team task: what it has already is no change to report.
    for (const key of Object.keys(change) as (keyof TaskFields)[])
      if (JSON.stringify(change[key]) === JSON.stringify(before[key])) delete change[key];
    const said = describeTaskChange(change, known);
    if (!said.length)
      return {
        lines: [{ kind: 'answer', text: `Nothing to change on "${task.title}": it is so already.` }],
        changes: [],
      };
    await updateTask({ actor, tx, taskId: task.id, version: task.version, ...taskInput(change) });
    return {
      lines: [
        {
          kind: 'changed',
          // A push past the day named says why: the task was due then already.
          text: `"${task.title}": ${said.join(', ')}${due?.wasDue ? ` (it was already due ${dayLabel(localDay(due.wasDue, zone))})` : ''}.`,
          link: `/tasks/${task.id}`,
        },
      ],
      changes: [{ kind: 'task_fields', id: task.id, before: pick(before, Object.keys(change)) }],
    };
  },

  /** "new 50k opp w/ hooli", "new lead: Globex, 30k, closing end of march": a deal at a customer the actor sees. */
  async create_opportunity(actor, tx, known, e) {
    const customer = str(e.customer);
    const customerId = idOf(known.customers, customer, 'customer');
    if (!customer || !customerId)
      throw AppError.validation([{ path: '', message: 'say which customer the deal is with.' }]);
    const stageName = str(e.stage);
    const stage = stageName ? stageNamed(known, stageName) : undefined;
    if (stageName && !stage)
      throw AppError.validation([{ path: '', message: `there is no stage ${stageName}` }]);
    const money = e.amount as { value: number; currency: string } | undefined;
    // An amount that names no currency is in the currency of the customer's latest deal the member sees, if any.
    const [latest] =
      money && e.currencySaid !== true
        ? await queryRows<{ currency: string }>(
            tx,
            sql`select opportunities.currency from opportunities
              where ${dealsVisible(actor) ?? sql`opportunities.deleted_at is null`}
                and opportunities.customer_id = ${customerId}
              order by opportunities.created_at desc limit 1`,
          )
        : [];
    const currency = e.currencySaid === true ? money?.currency : latest?.currency;
    const deal = await createOpportunity({
      actor,
      tx,
      name: str(e.opportunity) ?? `${customer} deal`,
      customerId,
      ...(stage && { pipelineId: stage.pipelineId, stageId: stage.id }),
      ...(money && { amount: String(money.value) }),
      ...(money && currency && { currency }),
      ...(str(e.closeDate) && { expectedCloseDate: str(e.closeDate) }),
    });
    const { opportunity } = deal;
    const worth = money ? `, ${money.value.toLocaleString('en-US')} ${opportunity.currency}` : '';
    const closing = opportunity.expectedCloseDate ? `, closing ${opportunity.expectedCloseDate}` : '';
    const at = known.stages.find((candidate) => candidate.id === opportunity.stageId)?.name;
    return {
      lines: [
        {
          kind: 'changed',
          text: `Opened ${openedDeal(opportunity.name, customer)}${worth}${at ? `, in ${at}` : ''}${closing}.`,
          link: `/opportunities/${opportunity.id}`,
        },
      ],
      changes: [{ kind: 'new_opportunity', id: opportunity.id }],
    };
  },

  /** "100 calls for raj this week": a goal for the colleague named (or the actor), as the goals API sets it. */
  async set_goal(actor, tx, known, e) {
    const input = goalInputOf(e, new Date());
    const ownerUserId = colleagueOf(known, e.assignee) ?? actor.userId;
    const created = await createGoal({ actor, tx, ...input, ownerUserId });
    const forWhom = ownerUserId === actor.userId ? '' : ` for ${created.goal.ownerUserName ?? 'them'}`;
    return {
      lines: [
        { kind: 'changed', text: `Set the goal "${created.goal.name}"${forWhom}: ${goalSoFar(created)}.` },
      ],
      changes: [{ kind: 'goal', id: created.goal.id }],
    };
  },

  async update_opportunity(actor, tx, known, e) {
    const deal = await dealOf(actor, tx, known, e);
    const before = {
      amount: deal.opportunity.amount,
      currency: deal.opportunity.currency,
      stageId: deal.opportunity.stageId,
      expectedCloseDate: deal.opportunity.expectedCloseDate,
    };
    const lines: ReplyLine[] = [];
    let version = deal.opportunity.version;
    const link = `/opportunities/${deal.opportunity.id}`;
    const money = e.amount as { value: number; currency: string } | undefined;
    if (money) {
      const after = await updateOpportunityAmount({
        actor,
        tx,
        opportunityId: deal.opportunity.id,
        version,
        amount: String(money.value),
        currency: e.currencySaid === true ? money.currency : deal.opportunity.currency,
      });
      version = after.opportunity.version;
      lines.push({
        kind: 'changed',
        text: `${deal.opportunity.name}: amount ${money.value.toLocaleString('en-US')} ${after.opportunity.currency}.`,
        link,
      });
    }
    const stageName = str(e.stage);
    if (stageName) {
      const stage = known.stages.find(
        (s) =>
          s.pipelineId === deal.opportunity.pipelineId && s.name.toLowerCase() === stageName.toLowerCase(),
      );
      if (!stage)
        throw AppError.validation([
          { path: '', message: `${deal.opportunity.name}'s pipeline has no stage ${stageName}` },
        ]);
      if (stage.id !== deal.opportunity.stageId) {
        const after = await moveOpportunity({
          actor,
          tx,
          opportunityId: deal.opportunity.id,
          stageId: stage.id,
          version,
        });
        version = after.opportunity.version;
        lines.push({ kind: 'changed', text: `${deal.opportunity.name}: moved to ${stage.name}.`, link });
      }
    }
    const closeDate = str(e.closeDate);
    if (closeDate) {
      await updateOpportunity({
        actor,
        tx,
        opportunityId: deal.opportunity.id,
        version,
        expectedCloseDate: closeDate,
      });
      lines.push({
        kind: 'changed',
        text: `${deal.opportunity.name}: expected to close ${closeDate}.`,
        link,
      });
    }
    if (!lines.length)
      return {
        lines: [{ kind: 'answer', text: `Nothing to change on ${deal.opportunity.name}.` }],
        changes: [],
      };
    return { lines, changes: [{ kind: 'opportunity', id: deal.opportunity.id, before }] };
  },
};

/** "a deal with Globex Labs" (named for its customer by default, not "the deal Globex Labs deal"), else "the deal Globex pilot with Globex". */
const openedDeal = (name: string, customer: string) =>
  name === `${customer} deal` ? `a deal with ${customer}` : `the deal ${name} with ${customer}`;

/** The open deal a command is about: named, or the one open deal of the customer named. */
async function dealOf(actor: Command['actor'], tx: Tx, known: Known, e: Entities) {
  const customerId = idOf(known.customers, e.customer, 'customer');
  const name = str(e.opportunity);
  const rows = await queryRows<{ id: string }>(
    tx,
    name
      ? sql`select id from opportunities where deleted_at is null and lower(name) = ${name.toLowerCase()}`
      : sql`select id from opportunities where deleted_at is null and status = 'open'
          and customer_id = ${customerId ?? null} order by updated_at desc`,
  );
  const visible = [];
  for (const row of rows) {
    try {
      visible.push(await visibleOpportunity(tx, actor, row.id));
    } catch {
      // Not the actor's to see: as if it were not there.
    }
  }
  if (visible.length === 0)
    throw AppError.validation([
      {
        path: '',
        message: `you have no open deal ${name ? `called ${name}` : `at ${str(e.customer) ?? 'that customer'}`}`,
      },
    ]);
  // Deals of one name, one still open and the others closed: the open one is meant (a closed deal is changed
  // in the dashboard, where it can be told apart).
  const open = visible.filter((deal) => deal.opportunity.status === 'open');
  const meant = visible.length > 1 && open.length === 1 ? open : visible;
  if (meant.length > 1)
    throw AppError.validation([
      {
        path: '',
        message: `which one: ${meant.map((deal) => deal.opportunity.name).join(', ')}? Name the deal`,
      },
    ]);
  return meant[0]!;
}

/**
 * A performance question about who leads rather than about one member ("who's had the most meetings?"), or
 * about the whole team ("how's the team doing this month?"): the team, member by member.
 */
const ASKS_WHO =
  /^\W*who\b|\b(?:leaderboard|ranking|rankings|top performers?|(?:the|my|our) (?:whole )?team|team's|everyone|everybody)\b/i;

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function describe(pending: PendingCommand): string {
  const e = pending.entities;
  switch (pending.intent) {
    case 'log_interaction':
      return `log a ${str(e.interactionType) ?? 'note'}${e.customer ? ` with ${str(e.customer)}` : ''}`;
    case 'create_task':
      return `create the task "${str(e.title) ?? 'Follow up'}"`;
    case 'set_reminder':
      return `remind you: "${str(e.title) ?? 'Follow up'}"`;
    case 'complete_task':
      return `mark "${str(e.title) ?? 'that task'}" done`;
    case 'update_task':
      return `change "${str(e.title) ?? 'that task'}"`;
    case 'create_opportunity':
      return `open a deal with ${str(e.customer) ?? 'that customer'}`;
    case 'set_goal':
      return `set the goal of ${typeof e.target === 'number' ? e.target : ''} ${str(e.metric)?.replace(/_/g, ' ') ?? ''}`.trimEnd();
    default:
      return `update ${str(e.opportunity) ?? `the ${str(e.customer) ?? ''} deal`}${e.stage ? ` to ${str(e.stage)}` : ''}`;
  }
}

const HELP =
  'I can log a call, meeting or email ("had a call with Jane at Acme, went well"), create a task ("remind me to send the proposal by Friday"), change one ("push the Acme deck to Friday"), open or update a deal ("new 50k opp with Hooli", "Acme is now 40k, moving to negotiation"), set a goal ("100 calls this week"), answer "what\'s due this week?" or "how am I doing on my goals?", and "undo" what I just did.';

async function answer(
  actor: Command['actor'],
  tx: Tx,
  known: Known,
  command: ParsedCommand,
  text: string,
): Promise<ReplyLine[]> {
  const e = command.entities;
  const customer = str(e.customer);
  const customerId = customer ? known.customers.get(customer.toLowerCase()) : undefined;
  if (command.intent === 'query_opportunity' && (str(e.opportunity) || customerId)) {
    return dealStatus(actor, tx, {
      ...(str(e.opportunity) && { opportunity: str(e.opportunity) }),
      ...(customerId && { customerId, customer }),
    });
  }
  if (command.intent === 'query_customer' && customerId) return customerSummary(actor, tx, customerId);
  // A customer the member does not see is one they have nothing at, whether or not a colleague has it.
  if (
    customer &&
    !customerId &&
    (command.intent === 'query_opportunity' || command.intent === 'query_customer')
  )
    return [
      {
        kind: 'answer',
        text:
          command.intent === 'query_opportunity'
            ? `You have no open deal at ${customer}.`
            : `You work on no customer called ${customer}.`,
      },
    ];
  if (command.intent === 'query_performance') {
    const users = known.context.known?.users ?? [];
    const said = text.slice(...command.span).toLowerCase();
    // The parser names an assignee; otherwise a member named in the question ("what did Riley close?").
    const user =
      users.find((candidate) => candidate.id === str(e.assignee)) ??
      users.find((candidate) =>
        [candidate.name, candidate.name.split(' ')[0] ?? ''].some(
          (name) => name.length > 1 && new RegExp(`\\b${escapeRegExp(name.toLowerCase())}\\b`).test(said),
        ),
      );
    // "who's had the most meetings?" ranks the team; "how many calls did I make?" counts the member's.
    if (!user && ASKS_WHO.test(said))
      return leaderboard(actor, tx, { metric: str(e.metric), days: e.period });
    const period = e.period && (await within(e.period, known.context.timezone ?? 'UTC'));
    const counted = interactionsCounted(str(e.metric));
    if (counted !== undefined) return interactionCount(actor, tx, counted, user, period);
    return closedIn(actor, tx, user, period);
  }
  if (command.intent === 'query_goals') {
    const users = known.context.known?.users ?? [];
    return goalProgress(actor, tx, { owner: users.find((user) => user.id === str(e.assignee)) });
  }
  if (command.intent === 'query_tasks') {
    const users = known.context.known?.users ?? [];
    return dueTasks(actor, tx, {
      assignee: users.find((user) => user.id === str(e.assignee)),
      due: e.period && (await within(e.period, known.context.timezone ?? 'UTC')),
      status: str(e.status) as TaskStatus | undefined,
      priority: str(e.priority) as TaskPriority | undefined,
      customerId,
      category: str(e.category),
      overdue: command.overdue === true,
    });
  }
  const summary = await pipelineSummary({ actor, tx });
  // "all qualified opps": the deals of the stage the question names; otherwise every open stage.
  const named = str(e.stage);
  const stages = summary.stages.filter((stage) =>
    named
      ? stage.name.toLowerCase() === named.toLowerCase() && stage.count > 0
      : stage.kind === 'open' && stage.count > 0,
  );
  if (!stages.length) return [{ kind: 'answer', text: named ? `No deals in ${named}.` : 'No open deals.' }];
  return stages.map((stage) => ({
    kind: 'answer' as const,
    text: `${stage.name}: ${stage.count} deal${stage.count === 1 ? '' : 's'}, ${moneyLabel(stage.totalAmount, summary.baseCurrency)}`,
  }));
}

/** Undo, Confirm or Cancel on a turn of the actor's, within ten minutes. */
export async function act({
  actor,
  tx,
  turnId,
  action,
}: Command & { turnId: string; action: ReplyAction['action'] }): Promise<AssistantReply> {
  const turn = await repo.findTurn(tx, turnId);
  if (!turn || turn.userId !== actor.userId) throw AppError.notFound('Assistant action');
  if (turn.expiresAt.getTime() < Date.now()) throw new AppError('assistant_action_expired');
  const fits =
    (action === 'undo' && turn.status === 'done') ||
    ((action === 'confirm' || action === 'cancel') && turn.status === 'pending');
  if (!fits) throw new AppError('assistant_action_done');
  if (action === 'cancel') {
    await repo.setStatus(tx, turn.id, 'cancelled', turn.changes);
    return { turnId: turn.id, text: 'Cancelled: nothing changed.', lines: [], actions: [] };
  }
  if (action === 'confirm') {
    const known = await knownNames(tx, actor);
    const outcomes: Outcome[] = [];
    for (const pending of turn.pending) outcomes.push(await carryOut(actor, tx, known, pending));
    const changes = [...turn.changes, ...outcomes.flatMap((outcome) => outcome.changes)];
    const updated = await repo.setStatus(tx, turn.id, 'done', changes);
    const lines = outcomes.flatMap((outcome) => outcome.lines);
    return {
      turnId: turn.id,
      text: summaryOf(lines),
      lines,
      actions: actionsOf({ ...updated, pending: [] }),
    };
  }
  return { turnId: turn.id, text: await undoTurn(actor, tx, turn), lines: [], actions: [] };
}

/** Takes back every change of a turn, last first; says what, by name. */
async function undoTurn(actor: Command['actor'], tx: Tx, turn: AssistantTurn): Promise<string> {
  const said = await undoneSentence(tx, turn.changes);
  for (const change of [...turn.changes].reverse()) await undoChange(actor, tx, change);
  await repo.setStatus(tx, turn.id, 'undone', turn.changes);
  return said;
}

/**
 * "undo that" and "cancel" written rather than clicked: Undo of the member's last turn in this conversation
 * that changed something, or Cancel of the one waiting for confirmation (or of the question asked back,
 * which the message has already dropped), within the same ten minutes as the buttons. A second "undo" goes
 * one turn further back, as Undo does in an editor.
 */
async function takeBack(
  actor: Command['actor'],
  tx: Tx,
  conversation: string,
  intent: 'undo' | 'cancel',
  wasAsking: boolean,
): Promise<Outcome> {
  const said = (text: string): Outcome => ({ lines: [{ kind: 'answer', text }], changes: [] });
  if (intent === 'cancel') {
    const pending = await repo.findLatest(tx, actor.userId, conversation, 'pending');
    if (pending) {
      await repo.setStatus(tx, pending.id, 'cancelled', pending.changes);
      return said('Cancelled: nothing changed.');
    }
    return said(wasAsking ? 'Dropped it: nothing changed.' : 'There is nothing waiting to cancel.');
  }
  const done = await repo.findLatest(tx, actor.userId, conversation, 'done');
  if (!done)
    return said(`There is nothing to undo: Undo takes back your last change for ${ACTION_MINUTES} minutes.`);
  return said(await undoTurn(actor, tx, done));
}

async function undoChange(actor: Command['actor'], tx: Tx, change: TurnChange): Promise<void> {
  if (change.kind === 'interaction') return deleteInteraction({ actor, tx, interactionId: change.id });
  if (change.kind === 'contact') return deleteContact({ actor, tx, contactId: change.id });
  if (change.kind === 'task') return deleteTask({ actor, tx, taskId: change.id });
  if (change.kind === 'new_opportunity') return deleteOpportunity({ actor, tx, opportunityId: change.id });
  if (change.kind === 'goal') return deleteGoal({ actor, tx, goalId: change.id });
  if (change.kind === 'task_fields') {
    const { task } = await getTask({ actor, tx, taskId: change.id });
    await updateTask({ actor, tx, taskId: change.id, version: task.version, ...taskInput(change.before) });
    return;
  }
  if (change.kind === 'task_status') {
    const { task } = await getTask({ actor, tx, taskId: change.id });
    await updateTask({
      actor,
      tx,
      taskId: change.id,
      version: task.version,
      status: change.before as 'todo',
    });
    return;
  }
  let deal = await visibleOpportunity(tx, actor, change.id);
  const { before } = change;
  if (deal.opportunity.stageId !== before.stageId)
    deal = await moveOpportunity({
      actor,
      tx,
      opportunityId: change.id,
      stageId: before.stageId,
      version: deal.opportunity.version,
    });
  if (deal.opportunity.amount !== before.amount || deal.opportunity.currency !== before.currency)
    deal = await updateOpportunityAmount({
      actor,
      tx,
      opportunityId: change.id,
      version: deal.opportunity.version,
      amount: before.amount,
      currency: before.currency,
    });
  if (deal.opportunity.expectedCloseDate !== before.expectedCloseDate)
    await updateOpportunity({
      actor,
      tx,
      opportunityId: change.id,
      version: deal.opportunity.version,
      expectedCloseDate: before.expectedCloseDate,
    });
}

/** The member's own recent turns (what they said, what came of it). */
export function listTurns({ actor, tx, limit }: Command & { limit: number }): Promise<AssistantTurn[]> {
  return repo.listTurns(tx, actor.userId, limit);
}
