/**
 * From a domain event to what to tell whom: one draft per kind of notification it causes, with its
 * recipients (SQL) and its words. Recipients are then narrowed by `notify` (active, not the actor, and
 * for tasks the task's audience now).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../core/config/config.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { DeliveredEvent } from '../../core/events/events.js';
import {
  everyMember,
  idList,
  managersOf,
  opportunityAudience,
  teamMembersOf,
  union,
} from './notification-recipients.js';
import type { NotificationKind } from './notifications.tables.js';

export interface NotificationDraft {
  kind: NotificationKind;
  recipients: SQL;
  title: string;
  body: string;
  link: string | null;
  record: { type: string; id: string } | null;
  data: Record<string, unknown>;
}

type Payload = Record<string, unknown>;
const scalar = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';
const text = (payload: Payload, key: string): string => {
  const value = payload[key];
  return typeof value === 'string' ? value : '';
};
const list = (payload: Payload, key: string): string[] =>
  Array.isArray(payload[key])
    ? (payload[key] as unknown[]).filter((v): v is string => typeof v === 'string')
    : [];

async function nameOf(tx: Tx, userId: string | null): Promise<string> {
  if (!userId) return 'Closer';
  const [row] = await queryRows<{ name: string }>(tx, sql`select name from users where id = ${userId}`);
  return row?.name ?? 'Someone';
}

function due(payload: Payload): string {
  const at = text(payload, 'dueAt');
  return at ? ` (due ${at.slice(0, 16).replace('T', ' ')} UTC)` : '';
}

function taskDraft(
  event: DeliveredEvent,
  kind: NotificationKind,
  recipients: SQL,
  title: string,
  body: string,
): NotificationDraft {
  const p = event.payload;
  const taskId = text(p, 'taskId') || event.streamId;
  return {
    kind,
    recipients,
    title,
    body,
    link: `/tasks/${taskId}`,
    record: { type: 'task', id: taskId },
    data: {
      taskId,
      taskTitle: text(p, 'title'),
      priority: text(p, 'priority'),
      dueAt: p.dueAt ?? null,
      status: text(p, 'status'),
    },
  };
}

async function taskDrafts(tx: Tx, event: DeliveredEvent): Promise<NotificationDraft[]> {
  const p = event.payload;
  const title = text(p, 'title');
  const assignees = idList(list(p, 'assigneeIds'));
  const actor = await nameOf(tx, event.actorId);
  switch (event.name) {
    case 'task.assigned': {
      const by = await nameOf(tx, text(p, 'assignedBy') || event.actorId);
      const draft = taskDraft(
        event,
        'task.assigned',
        idList(list(p, 'addedAssigneeIds')),
        `New task: ${title}`,
        `${by} assigned you "${title}"${due(p)}`,
      );
      draft.data.assignedByName = by;
      return [draft];
    }
    case 'task.updated': {
      if (text(p, 'toStatus') === 'done') return []; // task.completed tells it
      const changes = list(p, 'changes');
      // Only people added or removed: task.assigned tells the newcomers.
      if (changes.length && changes.every((change) => ['assigneeIds', 'watcherIds'].includes(change)))
        return [];
      const what = changes.length ? changes.join(', ') : 'details';
      const others = union(assignees, idList(list(p, 'watcherIds')));
      return [
        taskDraft(
          event,
          'task.collaborative_update',
          others,
          `Task updated: ${title}`,
          `${actor} changed ${what}`,
        ),
      ];
    }
    case 'task.completed': {
      const to = union(idList([text(p, 'createdBy')]), managersOf(assignees));
      return [
        taskDraft(event, 'task.completed', to, `Task completed: ${title}`, `${actor} completed "${title}"`),
      ];
    }
    case 'task.commented': {
      const author = await nameOf(tx, text(p, 'authorId') || event.actorId);
      const draft = taskDraft(
        event,
        'task.mentioned',
        idList(list(p, 'mentionIds')),
        `${author} mentioned you on ${title}`,
        text(p, 'excerpt'),
      );
      draft.data.commentId = text(p, 'commentId');
      return [draft];
    }
    case 'task.deadline':
      return [
        taskDraft(event, 'task.deadline', assignees, `Due soon: ${title}`, `"${title}" is due${due(p)}`),
      ];
    case 'task.overdue': {
      const draft = taskDraft(
        event,
        'task.overdue',
        union(assignees, managersOf(assignees)),
        `Overdue: ${title}`,
        `"${title}" is past its due date${due(p)}`,
      );
      draft.data.overdue = true;
      return [draft];
    }
    default:
      return [];
  }
}

/** An amount in the organization's base currency, or null when there is no rate for its currency. */
async function inBaseCurrency(tx: Tx, amount: unknown, currency: unknown): Promise<number | null> {
  if (amount === null || amount === undefined || typeof currency !== 'string') return null;
  const [settings] = await queryRows<{ base_currency: string; rates: Record<string, string> }>(
    tx,
    sql`select base_currency, rates from currency_settings limit 1`,
  );
  const base = settings?.base_currency ?? 'USD';
  const value = Number(amount);
  if (currency === base) return value;
  const rate = settings?.rates?.[currency];
  return rate ? value * Number(rate) : null;
}

async function highValueThreshold(tx: Tx, config: Config): Promise<number> {
  const [row] = await queryRows<{ amount: unknown }>(
    tx,
    sql`select settings -> 'highValueDealAmount' as amount from tenants limit 1`,
  );
  const amount = Number(row?.amount);
  return Number.isFinite(amount) && amount > 0 ? amount : config.notifications.highValueDealAmount;
}

function dealDraft(
  event: DeliveredEvent,
  kind: NotificationKind,
  recipients: SQL,
  title: string,
  body: string,
): NotificationDraft {
  const p = event.payload;
  const id = text(p, 'opportunityId') || event.streamId;
  return {
    kind,
    recipients,
    title,
    body,
    link: `/opportunities/${id}`,
    record: { type: 'opportunity', id },
    data: {
      opportunityId: id,
      name: text(p, 'name'),
      customerName: text(p, 'customerName'),
      amount: p.amount ?? null,
      currency: p.currency ?? null,
      stageName: text(p, 'stageName'),
    },
  };
}

/** The owner and their managers, among those who may see a deal of `ownerId`. */
function ownerAndManagers(ownerId: string): SQL {
  return sql`(select u.user_id from ${union(idList([ownerId]), managersOf(idList([ownerId])))} u
      where u.user_id in ${opportunityAudience(ownerId)})`;
}

/** A success probability set by hand (`probabilityOverride` changed): the owner and their managers. */
async function probabilityDrafts(
  tx: Tx,
  event: DeliveredEvent,
  ownerId: string,
): Promise<NotificationDraft[]> {
  if (!list(event.payload, 'changed').includes('probabilityOverride')) return [];
  const id = text(event.payload, 'opportunityId') || event.streamId;
  const [row] = await queryRows<{ probability: number | null }>(
    tx,
    sql`select coalesce(o.probability_override, s.probability) as probability
      from opportunities o join stages s on s.tenant_id = o.tenant_id and s.id = o.stage_id where o.id = ${id}`,
  );
  if (!row || row.probability === null) return [];
  const name = text(event.payload, 'name');
  const draft = dealDraft(
    event,
    'opportunity.probability_changed',
    ownerAndManagers(ownerId),
    `${name}: success probability now ${row.probability}%`,
    `${await nameOf(tx, event.actorId)} set the success probability of ${name} to ${row.probability}%`,
  );
  draft.data.probability = row.probability;
  return [draft];
}

async function opportunityDrafts(
  tx: Tx,
  event: DeliveredEvent,
  config: Config,
): Promise<NotificationDraft[]> {
  const p = event.payload;
  const ownerId = text(p, 'ownerId');
  if (!ownerId) return [];
  const name = text(p, 'name');
  if (event.name === 'opportunity.stage_changed') {
    const people = ownerAndManagers(ownerId);
    const actor = await nameOf(tx, event.actorId);
    const body = `${actor} moved it from ${text(p, 'fromStageName') || 'nowhere'} to ${text(p, 'toStageName')}`;
    return [
      dealDraft(
        event,
        'opportunity.stage_changed',
        people,
        `${name} moved to ${text(p, 'toStageName')}`,
        body,
      ),
    ];
  }
  if (event.name === 'opportunity.updated') return probabilityDrafts(tx, event, ownerId);
  if (event.name === 'opportunity.prediction_changed') {
    // The predictive engine's score moved past the alert threshold (PREDICTION_ALERT_POINTS).
    const [deal] = await queryRows<{ name: string }>(
      tx,
      sql`select name from opportunities where id = ${text(p, 'opportunityId') || event.streamId}`,
    );
    const from = Math.round(100 * Number(p.from ?? 0));
    const to = Math.round(100 * Number(p.to ?? 0));
    const reasons = list(p, 'factors').slice(0, 2).join(' ');
    const draft = dealDraft(
      event,
      'opportunity.probability_changed',
      ownerAndManagers(ownerId),
      `${deal?.name ?? 'A deal'}: success probability ${to > from ? 'up' : 'down'} to ${to}%`,
      `The predicted success probability went from ${from}% to ${to}%.${reasons ? ` ${reasons}` : ''}`,
    );
    draft.data.probability = to;
    draft.data.previousProbability = from;
    return [draft];
  }
  if (event.name === 'opportunity.deadline_approaching') {
    const closeDate = text(p, 'expectedCloseDate');
    const days = Number(p.days ?? 0);
    const draft = dealDraft(
      event,
      'opportunity.deadline_approaching',
      ownerAndManagers(ownerId),
      `${name} is expected to close ${days <= 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`}`,
      `${name} (${text(p, 'customerName') || 'no customer'}) is still open; its expected close date is ${closeDate}`,
    );
    draft.data.expectedCloseDate = closeDate;
    return [draft];
  }
  if (event.name === 'customer.interaction_reminder') {
    const days = Number(p.days ?? 0);
    return [
      dealDraft(
        event,
        'customer.interaction_reminder',
        idList([ownerId]),
        `No contact in ${days} days: ${name}`,
        `Nobody has talked to ${text(p, 'customerName') || 'this customer'} about ${name} for ${days} days`,
      ),
    ];
  }
  const threshold = await highValueThreshold(tx, config);
  const [amount, currency] =
    event.name === 'opportunity.value_updated' ? [p.toAmount, p.toCurrency] : [p.amount, p.currency];
  const now = await inBaseCurrency(tx, amount, currency);
  if (now === null || now < threshold) return [];
  if (event.name === 'opportunity.value_updated') {
    const before = await inBaseCurrency(tx, p.fromAmount, p.fromCurrency);
    if (before !== null && before >= threshold) return []; // it was high-value already
  }
  // Managers and Org Admins who may see the deal; the owner already knows it.
  const watchers = sql`(select h.user_id from ${opportunityAudience(ownerId)} h where h.user_id <> ${ownerId})`;
  const draft = dealDraft(
    event,
    'opportunity.high_value',
    watchers,
    `High-value deal: ${name}`,
    `${name} is worth ${scalar(amount)} ${scalar(currency)}`,
  );
  draft.data.amount = amount ?? null;
  draft.data.currency = currency ?? null;
  return [draft];
}

function goalDrafts(event: DeliveredEvent): NotificationDraft[] {
  const p = event.payload;
  const percent = Number(p.percent ?? 0);
  if (event.name === 'goal.milestone_reached' && percent >= 100) return []; // goal.achieved tells it
  const owners = text(p, 'ownerUserId')
    ? idList([text(p, 'ownerUserId')])
    : teamMembersOf(idList([text(p, 'ownerTeamId')]));
  const goalId = text(p, 'goalId') || event.streamId;
  const name = text(p, 'name');
  const achieved = event.name === 'goal.achieved';
  return [
    {
      kind: achieved ? 'goal.achieved' : 'goal.milestone',
      recipients: union(owners, managersOf(owners)),
      title: achieved ? `Goal achieved: ${name}` : `${percent}% of ${name}`,
      body: `${scalar(p.value)} of ${scalar(p.target)} (${scalar(p.metric)})`,
      link: `/goals/${goalId}`,
      record: { type: 'goal', id: goalId },
      data: {
        goalId,
        name,
        percent,
        value: p.value ?? null,
        target: p.target ?? null,
        metric: p.metric ?? null,
        achievedAt: event.occurredAt.toISOString(),
      },
    },
  ];
}

function announcementDrafts(event: DeliveredEvent): NotificationDraft[] {
  const p = event.payload;
  const teamIds = list(p, 'teamIds');
  const system = event.name === 'system.announcement';
  const kind: NotificationKind = system
    ? (`system.${['maintenance', 'feature', 'security'].includes(text(p, 'kind')) ? text(p, 'kind') : 'feature'}` as NotificationKind)
    : 'team.announcement';
  return [
    {
      kind,
      recipients: !system && teamIds.length ? teamMembersOf(idList(teamIds)) : everyMember(),
      title: text(p, 'title'),
      body: text(p, 'body'),
      link: '/notifications',
      record: null,
      data: {
        fromName: system ? 'Closer' : text(p, 'fromName'),
        announcementId: p.announcementId ?? null,
        teamIds,
      },
    },
  ];
}

/** What `event` causes to be told, to whom (before the recipients are narrowed). */
/** An import finished: its importer is told how it went (a dry run too: they wait for its report). */
function importDrafts(event: DeliveredEvent): NotificationDraft[] {
  const p = event.payload;
  const importId = text(p, 'importId') || event.streamId;
  const count = (key: string) => Number(p[key] ?? 0);
  const status = text(p, 'status');
  const what = `${p.dryRun === true ? 'Dry run of the ' : ''}${text(p, 'type')} import`;
  const title =
    status === 'completed'
      ? `${what} finished`
      : status === 'cancelled'
        ? `${what} cancelled`
        : `${what} failed`;
  const body =
    status === 'failed' && text(p, 'error')
      ? text(p, 'error')
      : `${count('created')} created, ${count('updated')} updated, ${count('skipped')} skipped, ${count('failed')} with problems`;
  return [
    {
      kind: 'import.completed',
      recipients: idList([text(p, 'userId')]),
      title,
      body,
      link: `/imports/${importId}`,
      record: { type: 'import', id: importId },
      data: {
        importId,
        status,
        created: count('created'),
        updated: count('updated'),
        failed: count('failed'),
      },
    },
  ];
}

export async function draftsFor(tx: Tx, event: DeliveredEvent, config: Config): Promise<NotificationDraft[]> {
  if (event.name === 'import.completed') return importDrafts(event);
  const [domain] = event.name.split('.');
  if (domain === 'task') return taskDrafts(tx, event);
  if (domain === 'opportunity' || event.name === 'customer.interaction_reminder')
    return opportunityDrafts(tx, event, config);
  if (domain === 'goal') return goalDrafts(event);
  if (event.name === 'team.announcement' || event.name === 'system.announcement')
    return announcementDrafts(event);
  return [];
}
