/**
 * An organization's sales history as the predictive engine reads it: every deal with its stage and
 * amount changes, its conversations, and who won what and when. Everything is indexed by time so that a
 * question is always asked "as of" a moment: what was known then, never what happened after. A closed
 * deal's outcome, close date and final amount are only ever seen by moments after it closed.
 */

export type StageKind = 'open' | 'won' | 'lost';

export interface StageInput {
  id: string;
  name: string;
  pipelineId: string;
  /** Order within its pipeline. */
  position: number;
  kind: StageKind;
  /** The organization's default win probability for the stage, 0..1. */
  probability: number;
}

export interface DealInput {
  id: string;
  customerId: string;
  ownerId: string;
  /** ms since epoch. */
  createdAt: number;
  status: StageKind;
  /** ms; only read as a label and by moments after it. */
  closedAt: number | null;
  competitionLevel: string | null;
  source: string;
  competitors: number;
  /** The stages it entered, in time order; the first is where it was created. */
  stageMoves: readonly { at: number; stageId: string }[];
  /** Its amount over time, in the organization's base currency, in time order. */
  amounts: readonly { at: number; amount: number }[];
}

export interface CustomerInput {
  id: string;
  industry: string | null;
  sizeBand: string | null;
}

/** Bits of an interaction's flags. */
export const TOUCH = {
  live: 1, // call, meeting, demo
  meeting: 2, // meeting or demo
  outboundWritten: 4, // email or message sent by us
  replied: 8,
  attended: 16,
  missed: 32,
  decisionMaker: 64,
  objectionRaised: 128,
  objectionResolved: 256,
  positive: 512,
  negative: 1024,
} as const;

export interface InteractionInput {
  opportunityId: string;
  at: number;
  flags: number;
}

/** Wins and losses of one group (a customer, a rep, an industry, the organization) by close time. */
class OutcomeSeries {
  private times: number[] = [];
  private wins: number[] = [];
  private cumulative: Int32Array | null = null;
  private sortedTimes: Float64Array | null = null;

  add(at: number, won: boolean): void {
    this.times.push(at);
    this.wins.push(won ? 1 : 0);
    this.cumulative = null;
  }

  private freeze(): void {
    const order = this.times.map((_, index) => index).sort((a, b) => this.times[a]! - this.times[b]!);
    this.sortedTimes = Float64Array.from(order, (index) => this.times[index]!);
    this.cumulative = new Int32Array(order.length);
    let won = 0;
    order.forEach((index, rank) => {
      won += this.wins[index]!;
      this.cumulative![rank] = won;
    });
  }

  /** Deals of the group closed strictly before `t`, and how many of them were won. */
  before(t: number): { closed: number; won: number } {
    if (!this.cumulative) this.freeze();
    const times = this.sortedTimes!;
    let low = 0;
    let high = times.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (times[mid]! < t) low = mid + 1;
      else high = mid;
    }
    return { closed: low, won: low ? this.cumulative![low - 1]! : 0 };
  }
}

export interface Deal extends DealInput {
  customer: CustomerInput | null;
  /** This deal's interactions: indexes [from, to) into the history's interaction arrays. */
  touchFrom: number;
  touchTo: number;
}

/** Rates the features read, as of a moment (the training path reads them from memory, scoring from SQL). */
export interface OutcomeRates {
  before(
    group: 'organization' | 'customer' | 'owner' | 'industry',
    key: string,
    t: number,
  ): {
    closed: number;
    won: number;
  };
  /** Mean log amount of the customer's deals created before `t` (null when it had none). */
  customerLogAmount(customerId: string, t: number): number | null;
}

export class History implements OutcomeRates {
  readonly deals: Deal[];
  readonly stages: ReadonlyMap<string, StageInput>;
  readonly touchTimes: Float64Array;
  readonly touchFlags: Uint16Array;
  private readonly series = new Map<string, OutcomeSeries>();
  private readonly customerDeals = new Map<string, { at: number; logAmount: number }[]>();

  constructor(input: {
    stages: readonly StageInput[];
    customers: readonly CustomerInput[];
    deals: readonly DealInput[];
    interactions: readonly InteractionInput[];
  }) {
    this.stages = new Map(input.stages.map((stage) => [stage.id, stage]));
    const customers = new Map(input.customers.map((customer) => [customer.id, customer]));
    const byDeal = new Map<string, InteractionInput[]>();
    for (const touch of input.interactions) {
      const list = byDeal.get(touch.opportunityId);
      if (list) list.push(touch);
      else byDeal.set(touch.opportunityId, [touch]);
    }
    this.touchTimes = new Float64Array(input.interactions.length);
    this.touchFlags = new Uint16Array(input.interactions.length);
    let next = 0;
    this.deals = input.deals.map((deal) => {
      const touches = (byDeal.get(deal.id) ?? []).sort((a, b) => a.at - b.at);
      const touchFrom = next;
      for (const touch of touches) {
        this.touchTimes[next] = touch.at;
        this.touchFlags[next] = touch.flags;
        next += 1;
      }
      const customer = customers.get(deal.customerId) ?? null;
      if (deal.status !== 'open' && deal.closedAt !== null) {
        const won = deal.status === 'won';
        this.seriesOf('organization', '').add(deal.closedAt, won);
        this.seriesOf('customer', deal.customerId).add(deal.closedAt, won);
        this.seriesOf('owner', deal.ownerId).add(deal.closedAt, won);
        if (customer?.industry) this.seriesOf('industry', customer.industry).add(deal.closedAt, won);
      }
      const first = deal.amounts[0]?.amount ?? 0;
      if (first > 0) {
        const list = this.customerDeals.get(deal.customerId) ?? [];
        list.push({ at: deal.createdAt, logAmount: Math.log(first) });
        this.customerDeals.set(deal.customerId, list);
      }
      return { ...deal, customer, touchFrom, touchTo: next };
    });
    for (const list of this.customerDeals.values()) list.sort((a, b) => a.at - b.at);
  }

  private seriesOf(group: string, key: string): OutcomeSeries {
    const name = `${group}:${key}`;
    let series = this.series.get(name);
    if (!series) {
      series = new OutcomeSeries();
      this.series.set(name, series);
    }
    return series;
  }

  before(group: 'organization' | 'customer' | 'owner' | 'industry', key: string, t: number) {
    return this.series.get(`${group}:${key}`)?.before(t) ?? { closed: 0, won: 0 };
  }

  customerLogAmount(customerId: string, t: number): number | null {
    const list = this.customerDeals.get(customerId);
    if (!list) return null;
    let sum = 0;
    let count = 0;
    for (const deal of list) {
      if (deal.at >= t) break;
      sum += deal.logAmount;
      count += 1;
    }
    return count ? sum / count : null;
  }

  /** Closed deals (won or lost) ordered by close time. */
  closedDeals(): Deal[] {
    return this.deals
      .filter((deal) => deal.status !== 'open' && deal.closedAt !== null)
      .sort((a, b) => a.closedAt! - b.closedAt! || (a.id < b.id ? -1 : 1));
  }
}

/** The stage a deal was in at `t` and since when (null before it existed). */
export function stageAt(
  deal: DealInput,
  t: number,
): { stageId: string; since: number; index: number } | null {
  let found: { stageId: string; since: number; index: number } | null = null;
  deal.stageMoves.forEach((move, index) => {
    if (move.at <= t) found = { stageId: move.stageId, since: move.at, index };
  });
  return found;
}

/** The deal's amount as known at `t` (its first amount when none was recorded before). */
export function amountAt(deal: DealInput, t: number): number {
  let amount = deal.amounts[0]?.amount ?? 0;
  for (const change of deal.amounts) {
    if (change.at > t) break;
    amount = change.amount;
  }
  return amount;
}
