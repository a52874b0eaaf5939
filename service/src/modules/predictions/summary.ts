/**
 * A performance summary in plain language, written here from the data (no AI service, nothing leaves
 * the server; the same data gives the same sentences): what was won and lost in a period against the one
 * before and why the total moved, the pipeline opened, the activity, the open deals at risk and the deals
 * to work on first (by expected value: probability x amount). For email, chat and the dashboard (`text`
 * is the whole of it as plain text).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { ownerScope } from '../../core/identity/record-scope.js';
import { currencyConverter } from './predictions.repo.js';

const DAY = 86_400_000;

export type SummaryPeriod = 'week' | 'month' | 'quarter';

function periodAround(at: Date, period: SummaryPeriod): { start: Date; end: Date; previous: Date } {
  if (period === 'week') {
    const day = (at.getUTCDay() + 6) % 7; // Monday first
    const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
    return { start, end: new Date(start.getTime() + 7 * DAY), previous: new Date(start.getTime() - 7 * DAY) };
  }
  const months = period === 'month' ? 1 : 3;
  const month = period === 'month' ? at.getUTCMonth() : Math.floor(at.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(at.getUTCFullYear(), month, 1));
  return {
    start,
    end: new Date(Date.UTC(at.getUTCFullYear(), month + months, 1)),
    previous: new Date(Date.UTC(at.getUTCFullYear(), month - months, 1)),
  };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const day = (date: Date) => date.toISOString().slice(0, 10);

export async function performanceSummary(input: {
  actor: TenantActor;
  tx: Tx;
  period?: SummaryPeriod;
  at?: string;
  teamId?: string;
  userId?: string;
  now?: Date;
}) {
  const { tx, actor } = input;
  const period = input.period ?? 'week';
  const now = input.now ?? new Date();
  // Default: the last complete period.
  const at = input.at
    ? new Date(`${input.at.slice(0, 10)}T00:00:00Z`)
    : new Date(periodAround(now, period).previous);
  if (Number.isNaN(at.getTime()))
    throw AppError.validation([{ path: 'query.at', message: 'must be a date (YYYY-MM-DD)' }]);
  const { start, end, previous } = periodAround(at, period);
  const scope = await ownerScope(tx, actor, input);
  const { base, toBase } = await currencyConverter(tx);
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: base,
    maximumFractionDigits: 0,
  });
  const money = (value: number) => format.format(Math.round(value));

  const closed = await queryRows<{
    id: string;
    name: string;
    status: string;
    amount: string;
    currency: string;
    reason: string | null;
    current: boolean;
  }>(
    tx,
    sql`select o.id, o.name, o.status, o.amount, o.currency, o.lost_reason as reason, o.closed_at >= ${start.toISOString()}::timestamptz as current
      from opportunities o
      where o.deleted_at is null and o.status <> 'open' and o.owner_id in ${scope.owners}
        and o.closed_at >= ${previous.toISOString()}::timestamptz and o.closed_at < ${end.toISOString()}::timestamptz
      order by o.id`,
  );
  const created = await queryRows<{ amount: string; currency: string; current: boolean }>(
    tx,
    sql`select o.amount, o.currency, o.created_at >= ${start.toISOString()}::timestamptz as current from opportunities o
      where o.deleted_at is null and o.owner_id in ${scope.owners} and o.created_at >= ${previous.toISOString()}::timestamptz and o.created_at < ${end.toISOString()}::timestamptz`,
  );
  const activity = await queryRows<{ type: string; current: number; before: number }>(
    tx,
    sql`select i.type, count(*) filter (where i.occurred_at >= ${start.toISOString()}::timestamptz)::int as current,
        count(*) filter (where i.occurred_at < ${start.toISOString()}::timestamptz)::int as before
      from interactions i
      where i.deleted_at is null and i.owner_id in ${scope.owners} and i.occurred_at >= ${previous.toISOString()}::timestamptz and i.occurred_at < ${end.toISOString()}::timestamptz
      group by i.type order by i.type`,
  );
  const open = await queryRows<{
    id: string;
    name: string;
    amount: string;
    currency: string;
    p: number;
    last: Date | null;
    stage: string;
  }>(
    tx,
    sql`select o.id, o.name, o.amount, o.currency, s.name as stage,
        coalesce(pr.probability, coalesce(o.probability_override, s.probability) / 100.0)::float8 as p,
        (select max(i.occurred_at) from interactions i where i.opportunity_id = o.id and i.deleted_at is null and i.occurred_at < ${end.toISOString()}::timestamptz) as last
      from opportunities o join stages s on s.id = o.stage_id
      left join opportunity_predictions pr on pr.opportunity_id = o.id
      where o.deleted_at is null and o.status = 'open' and o.owner_id in ${scope.owners} and o.created_at < ${end.toISOString()}::timestamptz
      order by o.id`,
  );

  const sum = (rows: { amount: string; currency: string }[]) =>
    rows.reduce((total, row) => total + toBase(Number(row.amount), row.currency), 0);
  const wonNow = closed.filter((row) => row.current && row.status === 'won');
  const wonBefore = closed.filter((row) => !row.current && row.status === 'won');
  const lostNow = closed.filter((row) => row.current && row.status === 'lost');
  const createdNow = created.filter((row) => row.current);
  const createdBefore = created.filter((row) => !row.current);
  const wonAmount = sum(wonNow);
  const wonBeforeAmount = sum(wonBefore);
  const label =
    period === 'week'
      ? `the week of ${day(start)}`
      : period === 'month'
        ? start.toISOString().slice(0, 7)
        : `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${start.getUTCFullYear()}`;
  const previousLabel = `the ${period} before`;
  const change = (now_: number, before: number) =>
    before === 0
      ? now_ === 0
        ? 'unchanged'
        : 'up from nothing'
      : `${now_ >= before ? 'up' : 'down'} ${Math.abs(Math.round((100 * (now_ - before)) / before))}%`;

  const performance: string[] = [
    `Won ${plural(wonNow.length, 'deal')} worth ${money(wonAmount)}, against ${plural(wonBefore.length, 'deal')} worth ${money(wonBeforeAmount)} ${previousLabel} (${change(wonAmount, wonBeforeAmount)}).`,
  ];
  if (lostNow.length) {
    const reasons = new Map<string, number>();
    for (const row of lostNow) if (row.reason) reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + 1);
    const [top] = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    performance.push(
      `Lost ${plural(lostNow.length, 'deal')} worth ${money(sum(lostNow))}${top ? `; the most common reason was "${top[0]}" (${top[1]})` : ''}.`,
    );
  } else performance.push('Lost no deal.');
  performance.push(
    `Opened ${plural(createdNow.length, 'new deal')} worth ${money(sum(createdNow))} of pipeline, against ${createdBefore.length} ${previousLabel}.`,
  );
  const interactionsNow = activity.reduce((total, row) => total + row.current, 0);
  const interactionsBefore = activity.reduce((total, row) => total + row.before, 0);
  const byType = activity
    .filter((row) => row.current > 0)
    .sort((a, b) => b.current - a.current || (a.type < b.type ? -1 : 1))
    .map((row) =>
      plural(
        row.current,
        row.type === 'note' ? 'note' : row.type,
        row.type === 'email' ? 'emails' : `${row.type}s`,
      ),
    );
  performance.push(
    `Logged ${plural(interactionsNow, 'interaction')}${byType.length ? ` (${byType.join(', ')})` : ''}, ${interactionsNow === interactionsBefore ? 'as many as' : `${Math.abs(interactionsNow - interactionsBefore)} ${interactionsNow > interactionsBefore ? 'more than' : 'fewer than'}`} ${previousLabel}.`,
  );

  const trends: string[] = [];
  if (wonNow.length && wonBefore.length) {
    const averageNow = wonAmount / wonNow.length;
    const averageBefore = wonBeforeAmount / wonBefore.length;
    const countEffect = (wonNow.length - wonBefore.length) * averageBefore;
    const sizeEffect = wonAmount - wonBeforeAmount - countEffect;
    trends.push(
      `Revenue won went ${wonAmount >= wonBeforeAmount ? 'up' : 'down'} by ${money(Math.abs(wonAmount - wonBeforeAmount))}: ${money(Math.abs(countEffect))} ${countEffect >= 0 ? 'more' : 'less'} from the number of deals (${wonNow.length} against ${wonBefore.length}) and ${money(Math.abs(sizeEffect))} ${sizeEffect >= 0 ? 'more' : 'less'} from their size (${money(averageNow)} on average against ${money(averageBefore)}).`,
    );
  } else if (wonNow.length || wonBefore.length)
    trends.push(
      wonNow.length
        ? `Every won deal of the period is new revenue against a ${period} before without any.`
        : `No deal was won, after ${plural(wonBefore.length, 'deal')} worth ${money(wonBeforeAmount)} ${previousLabel}.`,
    );

  const deals = open.map((row) => {
    const amount = toBase(Number(row.amount), row.currency);
    const silent = row.last ? Math.floor((end.getTime() - new Date(row.last).getTime()) / DAY) : null;
    return {
      id: row.id,
      name: row.name,
      stage: row.stage,
      amount,
      probability: Math.round(row.p * 100) / 100,
      expectedValue: amount * row.p,
      silent,
    };
  });
  const amounts = deals.map((deal) => deal.amount).sort((a, b) => a - b);
  const median = amounts.length ? amounts[Math.floor(amounts.length / 2)]! : 0;
  const risky = deals
    .filter(
      (deal) =>
        (deal.probability < 0.25 && deal.amount >= median) || deal.silent === null || deal.silent >= 14,
    )
    .sort((a, b) => b.amount - a.amount || (a.id < b.id ? -1 : 1))
    .slice(0, 5);
  const risks = risky.map((deal) => {
    const why: string[] = [];
    if (deal.probability < 0.25) why.push(`only ${Math.round(deal.probability * 100)}% likely to be won`);
    if (deal.silent === null) why.push('no conversation logged yet');
    else if (deal.silent >= 14) why.push(`no touch in ${deal.silent} days`);
    return `${deal.name} (${money(deal.amount)}, ${deal.stage}): ${why.join(', ')}.`;
  });
  const priorities = [...deals]
    .sort((a, b) => b.expectedValue - a.expectedValue || (a.id < b.id ? -1 : 1))
    .slice(0, 5)
    .map((deal, index) => ({
      rank: index + 1,
      opportunityId: deal.id,
      name: deal.name,
      amount: Math.round(deal.amount * 100) / 100,
      probability: deal.probability,
      expectedValue: Math.round(deal.expectedValue * 100) / 100,
      sentence: `${index + 1}. ${deal.name}: ${money(deal.amount)} at ${Math.round(deal.probability * 100)}% in ${deal.stage} (expected ${money(deal.expectedValue)}).`,
    }));

  const headline = `${scope.name} won ${money(wonAmount)} in ${label} (${change(wonAmount, wonBeforeAmount)} on ${previousLabel}).`;
  const sections = [
    { key: 'performance', title: 'Performance', sentences: performance },
    { key: 'trends', title: 'Trends', sentences: trends },
    {
      key: 'risks',
      title: 'Deals at risk',
      sentences: risks.length ? risks : ['No open deal looks at risk.'],
    },
    { key: 'priorities', title: 'Work on first', sentences: priorities.map((entry) => entry.sentence) },
  ].filter((section) => section.sentences.length);
  const text = [
    headline,
    ...sections.flatMap((section) => [
      '',
      `${section.title}:`,
      ...section.sentences.map((sentence) => `- ${sentence}`),
    ]),
  ].join('\n');
  return {
    period,
    start: day(start),
    end: day(end),
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    currency: base,
    headline,
    sections,
    priorities,
    figures: {
      won: {
        count: wonNow.length,
        amount: Math.round(wonAmount * 100) / 100,
        previousCount: wonBefore.length,
        previousAmount: Math.round(wonBeforeAmount * 100) / 100,
      },
      lost: { count: lostNow.length },
      created: {
        count: createdNow.length,
        amount: Math.round(sum(createdNow) * 100) / 100,
        previousCount: createdBefore.length,
      },
      interactions: { count: interactionsNow, previousCount: interactionsBefore },
      openDeals: deals.length,
      atRisk: risky.length,
    },
    text,
  };
}
