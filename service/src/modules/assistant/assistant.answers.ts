/**
 * The assistant's answers to questions about records: what is due, a deal's status (with its success
 * probability), a customer at a glance, and what someone won in a period. Every answer reads through the domains'
 * own `visibleWhere`, with their read permission: chat shows no more than the dashboard would.
 */
import { and, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { holdsAny, type TenantActor } from '../../core/identity/actor.js';
import type { Permission } from '../../core/identity/permissions.js';
import { CUSTOMER_PERMISSIONS, visibleWhere as customersVisible } from '../customers/customers.policy.js';
import {
  INTERACTION_PERMISSIONS,
  visibleWhere as interactionsVisible,
} from '../interactions/interactions.policy.js';
import {
  OPPORTUNITY_PERMISSIONS,
  visibleWhere as opportunitiesVisible,
} from '../opportunities/opportunities.policy.js';
import { listTasks } from '../tasks/tasks.commands.js';
import { TASK_PERMISSIONS } from '../tasks/tasks.policy.js';
import type { TaskPriority, TaskStatus } from '../tasks/tasks.tables.js';

export interface AnswerLine {
  kind: 'answer' | 'problem';
  text: string;
  link?: string;
}

/** An amount as a chat answer says it: whole units, grouped ("2,786,465 USD"). */
export const moneyLabel = (amount: string | number, currency: string) =>
  `${Number(amount).toLocaleString('en-US', { maximumFractionDigits: 0 })} ${currency}`;
/** Sums per currency ("40,000 USD + 5,000 EUR"): amounts are not converted here. */
const totals = (rows: { total: string | null; currency: string }[]) =>
  rows.map((row) => moneyLabel(row.total ?? 0, row.currency)).join(' + ');
const count = (rows: { count: number }[]) => rows.reduce((sum, row) => sum + row.count, 0);
const day = (value: Date | string | null) =>
  value ? (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10) : null;

function lacks(
  actor: TenantActor,
  permissions: readonly Permission[],
  what: string,
): AnswerLine[] | undefined {
  return holdsAny(actor, permissions)
    ? undefined
    : [{ kind: 'problem', text: `Your role does not let you see ${what}.` }];
}

/** A deal by name, or a customer's open deals (up to five): stage, amount, close date, owner, probability. */
export async function dealStatus(
  actor: TenantActor,
  tx: Tx,
  which: { opportunity?: string; opportunityId?: string; customerId?: string; customer?: string },
): Promise<AnswerLine[]> {
  const refused = lacks(actor, OPPORTUNITY_PERMISSIONS.read, 'deals');
  if (refused) return refused;
  const match = which.opportunityId
    ? sql`opportunities.id = ${which.opportunityId}`
    : which.opportunity
      ? sql`lower(opportunities.name) = ${which.opportunity.toLowerCase()}`
      : sql`opportunities.customer_id = ${which.customerId ?? null} and opportunities.status = 'open'`;
  const rows = await queryRows<{
    id: string;
    name: string;
    status: string;
    amount: string;
    currency: string;
    expected_close_date: string | null;
    stage: string;
    owner: string;
    customer: string;
    probability: number | null;
  }>(
    tx,
    sql`select opportunities.id, opportunities.name, opportunities.status, opportunities.amount::text as amount,
               opportunities.currency, opportunities.expected_close_date::text as expected_close_date,
               stages.name as stage, users.name as owner, customers.name as customer, p.probability
          from opportunities
          join stages on stages.tenant_id = opportunities.tenant_id and stages.id = opportunities.stage_id
          join users on users.id = opportunities.owner_id
          join customers on customers.tenant_id = opportunities.tenant_id and customers.id = opportunities.customer_id
          left join opportunity_predictions p
            on p.tenant_id = opportunities.tenant_id and p.opportunity_id = opportunities.id
         where ${and(match, opportunitiesVisible(actor))}
         order by opportunities.updated_at desc
         limit 5`,
  );
  if (!rows.length) {
    const what = which.opportunity
      ? `called ${which.opportunity}`
      : `at ${which.customer ?? 'that customer'}`;
    return [{ kind: 'answer', text: `You have no open deal ${what}.` }];
  }
  return rows.map((row) => {
    const parts = [
      row.status === 'open' ? row.stage : row.status,
      moneyLabel(row.amount, row.currency),
      ...(row.expected_close_date ? [`closing ${row.expected_close_date}`] : []),
      `owned by ${row.owner}`,
      ...(row.probability !== null && row.status === 'open'
        ? [`${Math.round(row.probability * 100)}% likely to win`]
        : []),
    ];
    return {
      kind: 'answer' as const,
      text: `${row.name} (${row.customer}): ${parts.join(', ')}.`,
      link: `/opportunities/${row.id}`,
    };
  });
}

/** A customer at a glance: owner, open deals and their total, the last interaction. */
export async function customerSummary(actor: TenantActor, tx: Tx, customerId: string): Promise<AnswerLine[]> {
  const refused = lacks(actor, CUSTOMER_PERMISSIONS.read, 'customers');
  if (refused) return refused;
  const [customer] = await queryRows<{ id: string; name: string; owner: string | null }>(
    tx,
    sql`select customers.id, customers.name, users.name as owner
          from customers left join users on users.id = customers.owner_id
         where ${and(sql`customers.id = ${customerId}`, customersVisible(actor))}`,
  );
  if (!customer) return [{ kind: 'answer', text: 'You have no customer by that name.' }];
  const deals = holdsAny(actor, OPPORTUNITY_PERMISSIONS.read)
    ? await queryRows<{ count: number; total: string | null; currency: string }>(
        tx,
        sql`select count(*)::int as count, sum(amount)::text as total, currency
              from opportunities
             where ${and(sql`opportunities.customer_id = ${customerId} and opportunities.status = 'open'`, opportunitiesVisible(actor))}
             group by currency order by sum(amount) desc`,
      )
    : [];
  const [last] = holdsAny(actor, INTERACTION_PERMISSIONS.read)
    ? await queryRows<{ type: string; occurred_at: Date }>(
        tx,
        sql`select interactions.type, interactions.occurred_at from interactions
             where ${and(sql`interactions.customer_id = ${customerId}`, interactionsVisible(actor))}
             order by interactions.occurred_at desc limit 1`,
      )
    : [];
  const parts = [
    customer.owner ? `owned by ${customer.owner}` : 'no owner',
    deals.length
      ? `${count(deals)} open deal${count(deals) === 1 ? '' : 's'} worth ${totals(deals)}`
      : 'no open deals',
    last ? `last ${last.type} on ${day(last.occurred_at)}` : 'no interactions logged',
  ];
  return [
    { kind: 'answer', text: `${customer.name}: ${parts.join(', ')}.`, link: `/customers/${customer.id}` },
  ];
}

/**
 * What a member (the actor unless named) won in a period (`[from, until)`, said as `label`; this calendar
 * quarter unless one is asked), among the deals the actor sees.
 */
export async function closedIn(
  actor: TenantActor,
  tx: Tx,
  user: { id: string; name: string } | undefined,
  period?: { from: Date; until: Date; label: string },
): Promise<AnswerLine[]> {
  const refused = lacks(actor, OPPORTUNITY_PERMISSIONS.read, 'deals');
  if (refused) return refused;
  const ownerId = user?.id ?? actor.userId;
  const within = period
    ? sql`opportunities.closed_at >= ${period.from.toISOString()} and opportunities.closed_at < ${period.until.toISOString()}`
    : sql`opportunities.closed_at >= date_trunc('quarter', now())`;
  const won = await queryRows<{ count: number; total: string | null; currency: string }>(
    tx,
    sql`select count(*)::int as count, sum(amount)::text as total, currency
          from opportunities
         where ${and(sql`opportunities.owner_id = ${ownerId} and opportunities.status = 'won'`, within, opportunitiesVisible(actor))}
         group by currency order by sum(amount) desc`,
  );
  const who = user && user.id !== actor.userId ? user.name : 'You';
  const when = period?.label ?? 'this quarter';
  if (!won.length)
    return [{ kind: 'answer', text: `${who} won no deals ${when}${period ? '' : ' so far'}.` }];
  const deals = count(won);
  return [
    {
      kind: 'answer',
      text: `${who} won ${deals} deal${deals === 1 ? '' : 's'} ${when}, worth ${totals(won)}.`,
    },
  ];
}

/** What a task question asks for: whose tasks, due when (`[from, until)`, named as `label`), of what kind. */
export interface TaskQuestion {
  assignee?: { id: string; name: string } | undefined;
  due?: { from: Date; until: Date; label: string } | undefined;
  status?: TaskStatus | undefined;
  priority?: TaskPriority | undefined;
  customerId?: string | undefined;
  /** A category key ("what follow-ups do I have?"). */
  category?: string | undefined;
  /** Only tasks past due and not done, by the task list's own `overdue` rule. */
  overdue?: boolean | undefined;
}

/** "what's due this week?": the open tasks (or those of the status asked) of the actor or a colleague, soonest due first. */
export async function dueTasks(actor: TenantActor, tx: Tx, ask: TaskQuestion): Promise<AnswerLine[]> {
  const refused = lacks(actor, TASK_PERMISSIONS.list, 'tasks');
  if (refused) return refused;
  const page = await listTasks({
    actor,
    tx,
    limit: 10,
    deleted: false,
    overdue: ask.overdue ?? false,
    mine: !ask.assignee,
    ...(ask.assignee && { assigneeId: ask.assignee.id }),
    ...(ask.due && { dueAfter: ask.due.from, dueBefore: ask.due.until }),
    ...(ask.status && { status: ask.status }),
    ...(ask.priority && { priority: ask.priority }),
    ...(ask.customerId && { customerId: ask.customerId }),
    ...(ask.category && { category: ask.category }),
  });
  const shown = page.items.filter(({ task }) => ask.status === 'done' || task.status !== 'done');
  if (!shown.length) {
    const who = ask.assignee && ask.assignee.id !== actor.userId ? `${ask.assignee.name} has` : 'You have';
    const which = [
      ask.overdue && 'overdue',
      ask.priority,
      ask.status?.replace('_', ' '),
      ask.category?.replace('_', ' '),
    ]
      .filter(Boolean)
      .join(' ');
    return [
      {
        kind: 'answer',
        text: `${who} no ${which ? `${which} ` : 'open '}tasks${ask.due ? ` due ${ask.due.label}` : ''}.`,
      },
    ];
  }
  return shown.map(({ task }) => ({
    kind: 'answer' as const,
    text: `${task.title}${task.dueAt ? ` (due ${day(task.dueAt)})` : ''}`,
    link: `/tasks/${task.id}`,
  }));
}

/**
 * "how many calls did I make this week?": the interactions of a type (every type: null) a member (the actor unless named) logged
 * in a period (this month unless one is asked), among those the actor sees.
 */
export async function interactionCount(
  actor: TenantActor,
  tx: Tx,
  type: string | null,
  user: { id: string; name: string } | undefined,
  period: { from: Date; until: Date; label: string } | undefined,
): Promise<AnswerLine[]> {
  const refused = lacks(actor, INTERACTION_PERMISSIONS.read, 'interactions');
  if (refused) return refused;
  const noun = type ?? 'interaction';
  const ownerId = user?.id ?? actor.userId;
  const within = period
    ? sql`interactions.occurred_at >= ${period.from.toISOString()} and interactions.occurred_at < ${period.until.toISOString()}`
    : sql`interactions.occurred_at >= date_trunc('month', now())`;
  const [row] = await queryRows<{ count: number }>(
    tx,
    sql`select count(*)::int as count from interactions
         where ${and(sql`interactions.owner_id = ${ownerId}`, type ? sql`interactions.type = ${type}` : undefined, within, interactionsVisible(actor))}`,
  );
  const n = row?.count ?? 0;
  const someoneElse = user && user.id !== actor.userId;
  return [
    {
      kind: 'answer',
      text: `${someoneElse ? user.name : 'You'} logged ${n} ${noun}${n === 1 ? '' : 's'} ${period?.label ?? 'this month'}${someoneElse ? ', of those you can see' : ''}.`,
    },
  ];
}
