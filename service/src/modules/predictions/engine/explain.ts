/**
 * Why a deal scores what it scores, and what would raise it. Each factor is a group of the model's
 * inputs (all stage columns are "Stage"), ranked by its pull on the log-odds against an average deal,
 * told in a sentence about this deal, with the statistic behind it from the organization's own closed
 * deals ("31% of opportunities facing high competition were won (84 of 271)"), as Dynamics 365 does.
 */
import { typicalDays, type FactorGroup, type FeatureSchema, type Observation } from './features.js';
import { describeTiming, type ContactTiming } from './timing.js';

export interface BucketStats {
  overall: { won: number; closed: number };
  /** `${group}:${bucket id}` -> closed deals in that bucket and how many were won. */
  buckets: Record<string, { won: number; closed: number }>;
}

export interface Bucket {
  id: string;
  /** Completes "opportunities ..." (e.g. "facing high competition"). */
  label: string;
}

const range = (value: number, edges: number[], labels: string[]): number => {
  let index = 0;
  while (index < edges.length && value >= edges[index]!) index += 1;
  return Math.min(index, labels.length - 1);
};

const words = (text: string) => text.replaceAll('_', ' ');
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const round = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);

/** The bucket an observation falls in for a group (what its statistic is computed over). */
export function bucketOf(group: FactorGroup, o: Observation, schema: FeatureSchema): Bucket | null {
  switch (group) {
    case 'stage':
      return { id: o.stageId, label: `in ${o.stageName}` };
    case 'stage_speed': {
      const ratio = (o.daysInStage + 1) / (typicalDays(schema, o) + 1);
      const labels = [
        'moving faster than usual through their stage',
        'at the usual pace in their stage',
        'in their stage 1.5 to 3 times longer than usual',
        'in their stage over 3 times longer than usual',
      ];
      const index = range(ratio, [0.6, 1.5, 3], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'setbacks':
      return o.setbacks
        ? { id: 'yes', label: 'moved back a stage' }
        : { id: 'no', label: 'never moved back a stage' };
    case 'age': {
      const labels = [
        'under 2 weeks old',
        '2 weeks to 2 months old',
        '2 to 6 months old',
        'over 6 months old',
      ];
      const index = range(o.ageDays, [14, 60, 180], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'amount': {
      if (o.amount <= 0) return { id: 'none', label: 'without an amount' };
      const ratio = o.amount / Math.exp(schema.medianLogAmount);
      const labels = ['under half the typical size', 'about the typical size', 'over twice the typical size'];
      const index = range(ratio, [0.5, 2], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'amount_vs_customer': {
      if (o.customerLogAmount === null || o.amount <= 0) return null;
      const ratio = o.amount / Math.exp(o.customerLogAmount);
      const labels = [
        "under half the customer's usual purchase",
        "close to the customer's usual purchase",
        "over twice the customer's usual purchase",
      ];
      const index = range(ratio, [0.5, 2], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'repricing':
      return o.repricing < 0.97
        ? { id: 'down', label: 're-priced down' }
        : o.repricing > 1.03
          ? { id: 'up', label: 're-priced up' }
          : { id: 'same', label: 'at their first price' };
    case 'industry':
      return o.industry ? { id: o.industry, label: `in ${words(o.industry)}` } : null;
    case 'size':
      return o.sizeBand ? { id: o.sizeBand, label: `with companies of ${o.sizeBand} employees` } : null;
    case 'customer_history':
      return !o.customer.closed
        ? { id: 'new', label: 'with customers who had no closed deal before' }
        : o.customer.won
          ? { id: 'bought', label: 'with customers who had bought before' }
          : { id: 'never', label: 'with customers who had only lost deals before' };
    case 'rep':
      return null;
    case 'competition':
      return o.competitionLevel
        ? {
            id: o.competitionLevel,
            label: `facing ${o.competitionLevel === 'none' ? 'no' : o.competitionLevel} competition`,
          }
        : null;
    case 'source':
      return o.source ? { id: o.source, label: `from ${words(o.source)}` } : null;
    case 'recency': {
      if (o.daysSinceTouch === null) return { id: 'never', label: 'with no conversation yet' };
      const labels = [
        'touched in the last week',
        'last touched 1 to 2 weeks before',
        'last touched 2 to 4 weeks before',
        'not touched for over 4 weeks',
      ];
      const index = range(o.daysSinceTouch, [7, 14, 30], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'engagement': {
      const perWeek = (7 * o.touches) / (o.ageDays + 7);
      const labels = [
        'with under one conversation a fortnight',
        'with one or two a fortnight',
        'with more than one a week',
      ];
      const index = range(perWeek, [0.5, 1], labels);
      return { id: String(index), label: labels[index]! };
    }
    case 'responsiveness':
      if (o.written < 2) return null;
      return o.replied / o.written >= 0.5
        ? { id: 'replies', label: 'whose emails were mostly answered' }
        : { id: 'silent', label: 'whose emails mostly went unanswered' };
    case 'attendance':
      if (!o.attended && !o.missed) return null;
      return o.missed
        ? { id: 'missed', label: 'with a missed meeting' }
        : { id: 'attended', label: 'whose meetings were all attended' };
    case 'decision_maker':
      return o.decisionMaker
        ? { id: 'yes', label: 'where a decision maker took part' }
        : { id: 'no', label: 'where no decision maker had taken part' };
    case 'objections': {
      const open = Math.max(0, o.objections - o.objectionsResolved);
      if (open) return { id: 'open', label: 'with an objection still open' };
      return o.objections
        ? { id: 'resolved', label: 'whose objections were all resolved' }
        : { id: 'none', label: 'with no objection raised' };
    }
    case 'sentiment':
      if (!o.touches) return null;
      return o.negative
        ? { id: 'negative', label: 'with a conversation that went badly' }
        : o.positive
          ? { id: 'positive', label: 'whose conversations went well' }
          : { id: 'neutral', label: 'with neutral conversations' };
    case 'timing':
      return {
        id: `m${o.createdMonthOfQuarter}`,
        label: `opened in month ${o.createdMonthOfQuarter} of a quarter`,
      };
  }
}

/** One sentence about this deal for a factor pulling its score `up` or down. */
export function sentenceFor(
  group: FactorGroup,
  o: Observation,
  schema: FeatureSchema | null,
  up: boolean,
): string {
  const open = Math.max(0, o.objections - o.objectionsResolved);
  switch (group) {
    case 'stage':
      return `It is in ${o.stageName}${up ? ', where deals are won more often' : ', where many deals are still lost'}.`;
    case 'stage_speed': {
      const typical = schema ? typicalDays(schema, o) : 7;
      return up
        ? `It is moving at a good pace: ${round(o.daysInStage)} days in ${o.stageName}, usually ${round(typical)}.`
        : `It has been in ${o.stageName} for ${round(o.daysInStage)} days, usually ${round(typical)}.`;
    }
    case 'setbacks':
      return up ? 'It has never moved back a stage.' : `It moved back ${plural(o.setbacks, 'stage')}.`;
    case 'age':
      return `It was opened ${Math.round(o.ageDays)} days ago.`;
    case 'amount':
      return schema
        ? `At ${Math.round(o.amount).toLocaleString('en-US')}, it is ${o.amount > Math.exp(schema.medianLogAmount) ? 'larger' : 'smaller'} than the typical deal (${Math.round(Math.exp(schema.medianLogAmount)).toLocaleString('en-US')}).`
        : `Its amount is ${Math.round(o.amount).toLocaleString('en-US')}.`;
    case 'amount_vs_customer':
      return o.customerLogAmount === null
        ? 'The customer has no earlier deal to compare with.'
        : `It is ${round(o.amount / Math.exp(o.customerLogAmount))} times the customer's usual purchase.`;
    case 'repricing':
      return o.repricing < 1
        ? `It was re-priced down by ${Math.round((1 - o.repricing) * 100)}%.`
        : o.repricing > 1
          ? `It was re-priced up by ${Math.round((o.repricing - 1) * 100)}%.`
          : 'It is still at its first price.';
    case 'industry':
      return `${capital(words(o.industry ?? 'its industry'))} deals are won ${Math.round((100 * (o.industryRate.won + 1)) / (o.industryRate.closed + 2))}% of the time here.`;
    case 'size':
      return `The customer has ${o.sizeBand ?? 'an unknown number of'} employees.`;
    case 'customer_history':
      return o.customer.closed
        ? `The customer won ${o.customer.won} of ${plural(o.customer.closed, 'earlier deal')}.`
        : 'It is the first deal with this customer.';
    case 'rep':
      return o.owner.closed
        ? `Its owner won ${o.owner.won} of ${plural(o.owner.closed, 'closed deal')} (${Math.round((100 * o.owner.won) / o.owner.closed)}%).`
        : 'Its owner has no closed deal yet.';
    case 'competition':
      return o.competitionLevel === 'none'
        ? 'It faces no competition.'
        : `It faces ${o.competitionLevel ?? 'unknown'} competition${o.competitors ? ` (${plural(o.competitors, 'competitor')})` : ''}.`;
    case 'source':
      return `It came from ${words(o.source || 'an unknown source')}.`;
    case 'recency':
      return o.daysSinceTouch === null
        ? 'Nobody has talked to the customer about it yet.'
        : up
          ? `Recent contact: ${plural(o.touches14, 'conversation')} in the last 14 days.`
          : `No touch in ${Math.round(o.daysSinceTouch)} days.`;
    case 'engagement':
      return `${plural(o.touches, 'conversation')} so far, ${plural(o.touchesInStage, 'conversation')} in ${o.stageName}.`;
    case 'responsiveness':
      return `${o.replied} of ${plural(o.written, 'email and message', 'emails and messages')} got a reply.`;
    case 'attendance':
      return o.missed
        ? `${plural(o.missed, 'meeting')} missed, ${o.attended} attended.`
        : `All ${plural(o.attended, 'meeting')} attended.`;
    case 'decision_maker':
      return o.decisionMaker ? 'A decision maker has taken part.' : 'No decision maker has taken part yet.';
    case 'objections':
      return open
        ? `${plural(open, 'objection')} still open.`
        : o.objections
          ? `All ${plural(o.objections, 'objection')} resolved.`
          : 'No objection raised so far.';
    case 'sentiment':
      return o.negative
        ? `${plural(o.negative, 'conversation')} went badly.`
        : `${plural(o.positive, 'conversation')} went well.`;
    case 'timing':
      return `It was opened in month ${o.createdMonthOfQuarter} of its quarter.`;
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "31% of opportunities facing high competition were won (84 of 271)", or the overall rate. */
export function statisticFor(
  group: FactorGroup,
  o: Observation,
  schema: FeatureSchema | null,
  stats: BucketStats | null,
): string {
  if (group === 'rep')
    return o.owner.closed
      ? `${Math.round((100 * o.owner.won) / o.owner.closed)}% of this owner's closed opportunities were won (${o.owner.won} of ${o.owner.closed}).`
      : 'No closed opportunity of this owner yet.';
  const bucket = schema ? bucketOf(group, o, schema) : null;
  const entry = bucket && stats ? stats.buckets[`${group}:${bucket.id}`] : undefined;
  if (bucket && entry && entry.closed >= 10)
    return `${Math.round((100 * entry.won) / entry.closed)}% of opportunities ${bucket.label} were won (${entry.won} of ${entry.closed}).`;
  if (stats && stats.overall.closed)
    return `${Math.round((100 * stats.overall.won) / stats.overall.closed)}% of all opportunities were won (${stats.overall.won} of ${stats.overall.closed}); too few ${bucket ? bucket.label : 'like this one'} to say more.`;
  return `The stage's default probability is ${Math.round(o.stageProbability * 100)}%; the organization has no closed opportunity to compare with yet.`;
}

export interface Factor {
  key: FactorGroup;
  direction: 'positive' | 'negative';
  weight: number;
  sentence: string;
  statistic: string;
}

/** The top five factors each way, strongest first. */
export function factorsOf(
  contributions: Partial<Record<FactorGroup, number>>,
  o: Observation,
  schema: FeatureSchema | null,
  stats: BucketStats | null,
  limit = 5,
): Factor[] {
  const ranked = (Object.entries(contributions) as [FactorGroup, number][])
    .filter(([, weight]) => Math.abs(weight) >= 0.02)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1));
  const make = ([key, weight]: [FactorGroup, number]): Factor => ({
    key,
    direction: weight > 0 ? 'positive' : 'negative',
    weight: Math.round(weight * 1000) / 1000,
    sentence: sentenceFor(key, o, schema, weight > 0),
    statistic: statisticFor(key, o, schema, stats),
  });
  // A factor whose statistic says the opposite of its pull (the model's effect holds the other factors
  // fixed, the statistic does not) would read as a contradiction: it is left out.
  const overall = stats && stats.overall.closed ? stats.overall.won / stats.overall.closed : null;
  const consistent = ([key, weight]: [FactorGroup, number]) => {
    const bucket = schema && overall !== null ? bucketOf(key, o, schema) : null;
    const entry = bucket ? stats!.buckets[`${key}:${bucket.id}`] : undefined;
    if (!entry || entry.closed < 10 || overall === null) return true;
    const gap = entry.won / entry.closed - overall;
    return Math.abs(gap) < 0.02 || gap > 0 === weight > 0;
  };
  const shown = ranked.filter(consistent);
  return [
    ...shown
      .filter(([, weight]) => weight > 0)
      .slice(0, limit)
      .map(make),
    ...shown
      .filter(([, weight]) => weight < 0)
      .slice(0, limit)
      .map(make),
  ];
}

export interface Advice {
  key: string;
  text: string;
  /** The observation as it would be once the advice is followed (for the lift), when the model can tell. */
  after: Observation | null;
}

/** Next best actions for an open deal, from what its observation shows. */
export function adviceFor(
  o: Observation,
  schema: FeatureSchema | null,
  timing: ContactTiming | null,
): Advice[] {
  const advice: Advice[] = [];
  const open = Math.max(0, o.objections - o.objectionsResolved);
  const silent = o.daysSinceTouch ?? o.ageDays;
  const touched = (extra: Partial<Observation>): Observation => ({
    ...o,
    touches: o.touches + 1,
    touches14: o.touches14 + 1,
    touchesInStage: o.touchesInStage + 1,
    daysSinceTouch: 0,
    ...extra,
  });
  if (silent >= 14)
    advice.push({
      key: 'follow_up',
      text:
        o.daysSinceTouch === null
          ? `No conversation yet after ${Math.round(o.ageDays)} days: schedule a first call.`
          : `No touch in ${Math.round(silent)} days: schedule a follow-up.`,
      after: touched({}),
    });
  if (!o.decisionMaker && o.stagePosition >= 1)
    advice.push({
      key: 'decision_maker',
      text: 'No decision maker met yet: get one into the next meeting.',
      after: touched({ decisionMaker: true, meetings: o.meetings + 1, attended: o.attended + 1 }),
    });
  if (open)
    advice.push({
      key: 'objections',
      text: `${plural(open, 'objection')} still open: answer ${open === 1 ? 'it' : 'them'} before the next step.`,
      after: touched({ objectionsResolved: o.objectionsResolved + open, positive: o.positive + 1 }),
    });
  if (!o.meetings && o.stagePosition >= 1)
    advice.push({
      key: 'meeting',
      text: 'No meeting or demo yet: book one.',
      after: touched({ meetings: 1, attended: o.attended + 1 }),
    });
  if (schema && o.daysInStage > 1.5 * typicalDays(schema, o))
    advice.push({
      key: 'stalled',
      text: `Stalled: ${Math.round(o.daysInStage)} days in ${o.stageName} (usually ${round(typicalDays(schema, o))}): agree a concrete next step and date.`,
      after: null,
    });
  if (o.written >= 3 && o.replied / o.written < 0.34)
    advice.push({
      key: 'channel',
      text: `${o.written - o.replied} of ${o.written} emails and messages went unanswered: try a call.`,
      after: null,
    });
  if (o.competitionLevel === 'high')
    advice.push({
      key: 'competition',
      text: 'High competition: make the difference with the competitors explicit in the proposal.',
      after: null,
    });
  if (timing)
    advice.push({
      key: 'timing',
      text: `Best time to reach customers: ${describeTiming(timing)} (${Math.round(timing.rate * 100)}% of conversations then went well, against ${Math.round(timing.overall * 100)}% overall).`,
      after: null,
    });
  return advice;
}
