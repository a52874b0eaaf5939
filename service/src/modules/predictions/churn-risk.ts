/**
 * Churn risk of an active customer (one with a won deal or an open one): a transparent score, the
 * logistic of documented weights on what usually comes before a customer leaves, each factor told with
 * its own figures:
 *
 *   silence beyond its own cadence   1.2 x ln(days since the last interaction / its usual gap), when over 1
 *   falling contact                  0.8 x ln(interactions in the 90 days before / in the last 90), when over 1
 *   conversations going badly        3 x (share of negative outcomes in the last 90 days - 0.15)
 *   deals lost lately                0.5 per deal lost in the last 90 days (at most 3)
 *   nothing open, last win long ago  0.8 when no deal is open and the last win is over a year old
 *   stalled open deals               0.3 per open deal 60 days or more in its stage (at most 2)
 *   starting point                  -1.5
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { ownerScope } from '../../core/identity/record-scope.js';
import { visibleCustomer } from '../customers/customers.commands.js';

const DAY = 86_400_000;

export interface ChurnFactor {
  key: string;
  direction: 'positive' | 'negative';
  weight: number;
  sentence: string;
  statistic: string;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export async function churnRisk({
  actor,
  tx,
  customerId,
  now = new Date(),
}: {
  actor: TenantActor;
  tx: Tx;
  customerId: string;
  now?: Date;
}) {
  const customer = await visibleCustomer(tx, actor, customerId);
  const [deals] = await queryRows<{
    won: number;
    open: number;
    lost90: number;
    lastWon: Date | null;
    stalled: number;
  }>(
    tx,
    sql`select count(*) filter (where status = 'won')::int as won,
        count(*) filter (where status = 'open')::int as open,
        count(*) filter (where status = 'lost' and closed_at > ${now.toISOString()}::timestamptz - interval '90 days')::int as lost90,
        max(closed_at) filter (where status = 'won') as "lastWon",
        count(*) filter (where status = 'open' and stage_entered_at < ${now.toISOString()}::timestamptz - interval '60 days')::int as stalled
      from opportunities where customer_id = ${customerId} and deleted_at is null`,
  );
  const rows = await queryRows<{ at: Date | string; outcome: string | null }>(
    tx,
    sql`select occurred_at as at, outcome from interactions
      where customer_id = ${customerId} and deleted_at is null and occurred_at <= ${now.toISOString()}::timestamptz
      order by occurred_at`,
  );
  // Aggregates and raw timestamps come back as text on some drivers.
  const touches = rows.map((row) => ({ at: new Date(row.at), outcome: row.outcome }));
  const lastWon = deals?.lastWon ? new Date(deals.lastWon) : null;
  const base = {
    customerId,
    name: customer.name,
    lastInteractionAt: touches.length ? touches[touches.length - 1]!.at.toISOString() : null,
  };
  const active = (deals?.won ?? 0) > 0 || (deals?.open ?? 0) > 0;
  if (!active || !touches.length)
    return {
      ...base,
      active,
      risk: null,
      level: null,
      typicalGapDays: null,
      daysSinceLastInteraction: null,
      factors: [] as ChurnFactor[],
      recommendations: [] as { key: string; text: string }[],
      summary: active
        ? 'No interaction is logged with this customer yet: there is nothing to judge its risk by.'
        : 'This customer has no won or open deal: churn risk applies to active customers only.',
    };
  const times = touches.map((touch) => touch.at.getTime());
  const gaps = times
    .slice(1)
    .map((time, index) => (time - times[index]!) / DAY)
    .filter((gap) => gap > 0.5)
    .sort((a, b) => a - b);
  const typical = Math.max(7, gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 30);
  const silence = (now.getTime() - times[times.length - 1]!) / DAY;
  const recent = times.filter((time) => time > now.getTime() - 90 * DAY).length;
  const before = times.filter(
    (time) => time <= now.getTime() - 90 * DAY && time > now.getTime() - 180 * DAY,
  ).length;
  const recentOutcomes = touches.filter(
    (touch) => touch.at.getTime() > now.getTime() - 90 * DAY && touch.outcome,
  );
  const negative = recentOutcomes.filter((touch) => touch.outcome === 'negative').length;
  const factors: ChurnFactor[] = [];
  const add = (key: string, weight: number, sentence: string, statistic: string) => {
    if (Math.abs(weight) < 0.01) return;
    factors.push({
      key,
      direction: weight > 0 ? 'positive' : 'negative',
      weight: round(weight),
      sentence,
      statistic,
    });
  };
  const ratio = silence / typical;
  add(
    'silence',
    ratio > 1 ? 1.2 * Math.log(ratio) : 0,
    `No interaction for ${Math.round(silence)} days.`,
    `${round(ratio, 1)} times its usual gap of ${Math.round(typical)} days between interactions.`,
  );
  add(
    'falling_contact',
    before > recent ? 0.8 * Math.log((before + 1) / (recent + 1)) : 0,
    `Contact is falling: ${plural(recent, 'interaction')} in the last 90 days.`,
    `${plural(before, 'interaction')} in the 90 days before.`,
  );
  if (recentOutcomes.length)
    add(
      'negative_outcomes',
      3 * (negative / recentOutcomes.length - 0.15),
      negative
        ? `${plural(negative, 'conversation')} went badly in the last 90 days.`
        : 'Recent conversations went well.',
      `${Math.round((100 * negative) / recentOutcomes.length)}% of ${plural(recentOutcomes.length, 'conversation')} with an outcome in the last 90 days were negative.`,
    );
  add(
    'lost_deals',
    0.5 * Math.min(deals!.lost90, 3),
    `${plural(deals!.lost90, 'deal')} lost in the last 90 days.`,
    `${deals!.won} won in all.`,
  );
  const lastWonDays = lastWon ? (now.getTime() - lastWon.getTime()) / DAY : null;
  add(
    'no_open_deal',
    deals!.open === 0 && lastWonDays !== null && lastWonDays > 365 ? 0.8 : 0,
    'No deal is open.',
    `The last win was ${Math.round(lastWonDays ?? 0)} days ago.`,
  );
  add(
    'stalled_deals',
    0.3 * Math.min(deals!.stalled, 2),
    `${plural(deals!.stalled, 'open deal')} stalled 60 days or more in its stage.`,
    `${plural(deals!.open, 'open deal')} in all.`,
  );
  const score = -1.5 + factors.reduce((sum, factor) => sum + factor.weight, 0);
  const risk = round(1 / (1 + Math.exp(-score)), 3);
  const level = risk < 0.3 ? 'low' : risk < 0.6 ? 'medium' : 'high';
  factors.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.key < b.key ? -1 : 1));
  const recommendations: { key: string; text: string }[] = [];
  if (ratio > 1.5)
    recommendations.push({
      key: 'check_in',
      text: `Check in: it has been ${Math.round(silence)} days, usually ${Math.round(typical)}.`,
    });
  if (negative)
    recommendations.push({
      key: 'address_issues',
      text: 'Address what went badly in the recent conversations with a call from the account owner.',
    });
  if (deals!.open === 0)
    recommendations.push({
      key: 'new_opportunity',
      text: 'Look for a renewal or an upsell: no deal is open.',
    });
  if (deals!.stalled)
    recommendations.push({ key: 'unstall', text: 'Agree a next step on the stalled deals, or close them.' });
  return {
    ...base,
    active,
    risk,
    level,
    typicalGapDays: Math.round(typical),
    daysSinceLastInteraction: Math.round(silence),
    factors,
    recommendations,
    summary: `Churn risk is ${level} (${Math.round(risk * 100)}%)${factors[0] && factors[0].weight > 0 ? `: ${factors[0].sentence.charAt(0).toLowerCase()}${factors[0].sentence.slice(1)}` : '.'}`,
  };
}

/** At most this many customers are scored for one list: the quietest of the scope's active ones. */
const CANDIDATES_PER_RESULT = 3;

/**
 * The active customers most at risk of leaving among those of the owners a report covers: the quietest
 * `limit x 3` active customers (longest since their last interaction) are scored, the riskiest first.
 * Silence weighs most in the score, so the riskiest are among the quietest.
 */
export async function churnRisks(input: {
  actor: TenantActor;
  tx: Tx;
  teamId?: string | undefined;
  userId?: string | undefined;
  limit?: number | undefined;
  now?: Date;
}) {
  const { actor, tx } = input;
  const limit = input.limit ?? 10;
  const scope = await ownerScope(tx, actor, {
    ...(input.teamId && { teamId: input.teamId }),
    ...(input.userId && { userId: input.userId }),
  });
  const candidates = await queryRows<{ id: string }>(
    tx,
    sql`select c.id from customers c
      where c.deleted_at is null and c.owner_id in ${scope.owners}
        and exists (select 1 from opportunities o where o.customer_id = c.id and o.deleted_at is null and o.status <> 'lost')
        and exists (select 1 from interactions i where i.customer_id = c.id and i.deleted_at is null)
      order by (select max(i.occurred_at) from interactions i where i.customer_id = c.id and i.deleted_at is null) asc, c.id
      limit ${limit * CANDIDATES_PER_RESULT}`,
  );
  const scored = [];
  for (const { id } of candidates)
    scored.push(await churnRisk({ actor, tx, customerId: id, ...(input.now && { now: input.now }) }));
  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    items: scored
      .filter((entry) => entry.risk !== null)
      .sort((a, b) => (b.risk ?? 0) - (a.risk ?? 0) || a.name.localeCompare(b.name))
      .slice(0, limit),
  };
}
