/**
 * Revenue by period with its confidence band: a Monte Carlo simulation over the open deals the caller
 * may see. In each run every deal is won with its probability (the predictive engine's score, else the
 * person's override, else the stage's default) and, when won, closes on its expected date shifted by a
 * slip drawn from the organization's own history (won deals' close date minus their expected date); a
 * deal already past its date lands after today. P10/P50/P90 are read across runs. The random stream is
 * seeded from the organization and the deals, so the same data gives the same band.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import { currencyConverter } from './predictions.repo.js';

const DAY = 86_400_000;

export type ForecastPeriod = 'month' | 'quarter';

export interface ForecastInput {
  actor: TenantActor;
  tx: Tx;
  from?: string;
  to?: string;
  teamId?: string;
  period?: ForecastPeriod;
  simulations?: number;
  now?: Date;
}

export interface ForecastBucket {
  start: string;
  end: string;
  committed: number;
  expected: number;
  p10: number;
  p50: number;
  p90: number;
  openDeals: number;
}

/** A small, fast, seedable generator (mulberry32): the same seed, the same runs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hash(text: string, seed = 2166136261): number {
  let h = seed;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function startOfPeriod(date: Date, period: ForecastPeriod): Date {
  const month = period === 'quarter' ? Math.floor(date.getUTCMonth() / 3) * 3 : date.getUTCMonth();
  return new Date(Date.UTC(date.getUTCFullYear(), month, 1));
}

function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

const parseDay = (value: string, field: string): Date => {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()))
    throw AppError.validation([{ path: `query.${field}`, message: 'must be a date (YYYY-MM-DD)' }]);
  return date;
};

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

const money = (value: number) => Math.round(value * 100) / 100;

/** Whose deals: the caller's record scope, narrowed to a team's members when asked (404 for an unknown team). */
async function scopeOf(tx: Tx, actor: TenantActor, teamId: string | undefined, owner: SQL): Promise<SQL> {
  const conditions: SQL[] = [];
  const scope = userInScope(actor, owner);
  if (scope) conditions.push(scope);
  if (teamId) {
    const [team] = await queryRows<{ id: string }>(tx, sql`select id from teams where id = ${teamId}`);
    if (!team) throw AppError.notFound('Team');
    conditions.push(sql`${owner} in (select user_id from team_members where team_id = ${teamId})`);
  }
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}

export async function forecast(input: ForecastInput) {
  const { tx, actor } = input;
  const now = input.now ?? new Date();
  const period = input.period ?? 'month';
  const from = startOfPeriod(input.from ? parseDay(input.from, 'from') : now, period);
  const to = input.to ? parseDay(input.to, 'to') : addMonths(from, 6);
  if (to <= from) throw AppError.validation([{ path: 'query.to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * DAY)
    throw AppError.validation([{ path: 'query.to', message: 'a forecast covers at most three years' }]);
  const step = period === 'quarter' ? 3 : 1;
  const starts: Date[] = [];
  for (let start = from; start < to; start = addMonths(start, step)) starts.push(start);
  const edges = [
    ...starts.map((start) => start.getTime()),
    addMonths(starts[starts.length - 1]!, step).getTime(),
  ];

  const { base, toBase } = await currencyConverter(tx);
  const scope = await scopeOf(tx, actor, input.teamId, sql`o.owner_id`);
  const open = await queryRows<{
    id: string;
    amount: string;
    currency: string;
    p: number;
    close: string | null;
    entered: Date;
  }>(
    tx,
    sql`select o.id, o.amount, o.currency, o.expected_close_date as close, o.stage_entered_at as entered,
        coalesce(pr.probability, coalesce(o.probability_override, s.probability) / 100.0)::float8 as p
      from opportunities o
      join stages s on s.id = o.stage_id
      left join opportunity_predictions pr on pr.opportunity_id = o.id
      where o.status = 'open' and o.deleted_at is null and ${scope}
      order by o.id`,
  );
  const won = await queryRows<{ amount: string; currency: string; closed: Date }>(
    tx,
    sql`select o.amount, o.currency, o.closed_at as closed from opportunities o
      where o.status = 'won' and o.deleted_at is null and o.closed_at >= ${from.toISOString()}::timestamptz
        and o.closed_at < ${new Date(edges[edges.length - 1]!).toISOString()}::timestamptz and ${scope}`,
  );
  const slips = (
    await queryRows<{ days: number }>(
      tx,
      sql`select extract(epoch from (o.closed_at - o.expected_close_date::timestamptz)) / 86400 as days
        from opportunities o
        where o.status = 'won' and o.deleted_at is null and o.expected_close_date is not null
          and o.closed_at > now() - interval '2 years'
        order by o.id limit 5000`,
    )
  ).map((row) => Number(row.days));
  const empirical = slips.length >= 30;

  const bucketOf = (at: number) => {
    if (at < edges[0]! || at >= edges[edges.length - 1]!) return -1;
    let index = 0;
    while (at >= edges[index + 1]!) index += 1;
    return index;
  };
  const committed = new Array<number>(starts.length).fill(0);
  for (const row of won) {
    const index = bucketOf(new Date(row.closed).getTime());
    if (index >= 0) committed[index]! += toBase(Number(row.amount), row.currency);
  }

  const deals = open.map((row) => {
    const expected = row.close
      ? Date.parse(`${String(row.close).slice(0, 10)}T12:00:00Z`)
      : new Date(row.entered).getTime() + 30 * DAY;
    return { amount: toBase(Number(row.amount), row.currency), p: Math.min(1, Math.max(0, row.p)), expected };
  });
  const simulations = Math.min(
    input.simulations ?? 10_000,
    Math.max(1_000, Math.floor(20_000_000 / Math.max(1, deals.length))),
  );
  const next = random(
    hash(open.map((row) => `${row.id}:${row.p}:${row.amount}`).join('|'), hash(actor.tenantId)),
  );
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const sums = starts.map(() => new Float64Array(simulations));
  const totals = new Float64Array(simulations);
  const today = now.getTime();
  for (let run = 0; run < simulations; run++) {
    for (const deal of deals) {
      if (next() >= deal.p) continue;
      const slip = empirical ? slips[Math.floor(next() * slips.length)]! : 7 + 21 * normal();
      let at = deal.expected + slip * DAY;
      // A deal past its expected date has not closed yet: it closes from tomorrow on.
      if (at < today) at = today + (1 + next() * 29) * DAY;
      const index = bucketOf(at);
      if (index < 0) continue;
      sums[index]![run]! += deal.amount;
      totals[run]! += deal.amount;
    }
  }
  const openIn = starts.map(() => 0);
  for (const deal of deals) {
    const index = bucketOf(Math.max(deal.expected, today));
    if (index >= 0) openIn[index]! += 1;
  }
  const summarise = (values: Float64Array, add: number) => {
    const sorted = Float64Array.from(values).sort();
    const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    return {
      expected: money(add + mean),
      p10: money(add + percentile(sorted, 0.1)),
      p50: money(add + percentile(sorted, 0.5)),
      p90: money(add + percentile(sorted, 0.9)),
    };
  };
  const periods: ForecastBucket[] = starts.map((start, index) => ({
    start: start.toISOString().slice(0, 10),
    end: new Date(edges[index + 1]!).toISOString().slice(0, 10),
    committed: money(committed[index]!),
    ...summarise(sums[index]!, committed[index]!),
    openDeals: openIn[index]!,
  }));
  const committedTotal = committed.reduce((sum, value) => sum + value, 0);
  return {
    from: from.toISOString().slice(0, 10),
    to: new Date(edges[edges.length - 1]!).toISOString().slice(0, 10),
    period,
    currency: base,
    simulations,
    openDeals: deals.length,
    method: `Monte Carlo over ${deals.length} open deals, ${simulations} runs: each deal won with its predicted probability and closing on its expected date shifted by ${empirical ? `a slip drawn from ${slips.length} won deals' history` : 'a slip of 7 ± 21 days (fewer than 30 won deals to learn from)'}; committed is revenue already won in the period.`,
    periods,
    total: { committed: money(committedTotal), ...summarise(totals, committedTotal) },
  };
}
