/**
 * One opportunity's life: it enters the first stage, conversations happen, and at the end of each stage
 * it advances or is lost with odds from its customer, rep, competition, engagement so far and speed.
 * Everything is written as the rows the application would have written along the way.
 */
import { COMPETITORS, DEAL_TAGS, NEXT_STEPS, PRODUCTS, SOURCES } from './demo-words.js';
import {
  COMPETITION_EFFECT,
  CURRENCY_OF_COUNTRY,
  INDUSTRY_EFFECT,
  SIZE_TRAITS,
  USD_RATES,
  advanceBase,
  competitionWeights,
  engagementEffect,
  interactionsPerDay,
  speedEffect,
  stageDays,
  type CompetitionLevel,
  type Engagement,
  type Industry,
  type SizeBand,
} from './demo-model.js';
import { logistic, type Random } from './random.js';
import type { DemoChunk, DemoRow } from './demo-tables.js';
import { writeConversation } from './demo-interactions.js';
import { winProbability, type TruthOptions } from './demo-truth.js';

export const DAY = 86_400_000;

export interface DemoRep {
  userId: string;
  teamId: string | null;
  /** Log-odds the rep adds at every stage. */
  skill: number;
  /** Log of how much more than average the rep talks to customers. */
  diligence: number;
  /** Multiplier on the rep's days per stage. */
  pace: number;
}

export interface DemoContact {
  id: string;
  name: string;
  role: 'decision_maker' | 'influencer' | 'champion' | 'user';
}

export interface DemoCustomer {
  id: string;
  shortName: string;
  industry: Industry;
  band: SizeBand;
  country: string;
  contacts: DemoContact[];
}

export interface DemoPipeline {
  id: string;
  /** Open stages in order, then the won and lost stage. */
  openStageIds: string[];
  wonStageId: string;
  lostStageId: string;
}

export interface DealWorld {
  rng: Random;
  ids: Random;
  tenantId: string;
  now: number;
  pipeline: DemoPipeline;
  managerId: string | null;
  chunk: DemoChunk;
  /** When set, deals record their true win probability at each stage they enter (demo-truth.ts). */
  truth?: TruthOptions;
}

export interface DealOutcome {
  status: 'open' | 'won' | 'lost';
  closedAt: number | null;
}

const VIA = [
  ['web', 50],
  ['slack', 30],
  ['teams', 20],
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

function dealAmount(world: DealWorld, band: SizeBand, currency: string): number {
  const usd = SIZE_TRAITS[band].dealUsd * world.rng.logNormal(0, 0.55);
  const local = usd / Number(USD_RATES[currency] ?? '1');
  const step = local > 10_000 ? 500 : 50;
  return Math.max(step, Math.round(local / step) * step);
}

function competitorsFor(rng: Random, level: CompetitionLevel): string[] {
  const count = { none: 0, low: 1, medium: rng.int(1, 2), high: rng.int(2, 3) }[level];
  return rng.sample(COMPETITORS, count);
}

function lostReason(rng: Random, facts: { level: CompetitionLevel; engagement: Engagement; slow: boolean }) {
  const unresolved = facts.engagement.objectionsRaised - facts.engagement.objectionsResolved;
  return rng.weighted<string>([
    ['Lost to competitor', facts.level === 'high' ? 5 : facts.level === 'medium' ? 2.5 : 0.3],
    ['Price too high', unresolved > 0 ? 2.5 : 0.8],
    ['Missing features', unresolved > 0 ? 1.5 : 0.5],
    ['No decision', facts.engagement.decisionMakerSeen ? 0.5 : 2.5],
    ['No budget', facts.engagement.decisionMakerSeen ? 0.4 : 1.2],
    ['Went dark', facts.slow ? 2.5 : 0.4],
    ['Timing', facts.slow ? 1.2 : 0.5],
  ]);
}

/** Generates one opportunity of `customer` created at `createdAt`, with its history and conversations. */
export function generateDeal(
  world: DealWorld,
  customer: DemoCustomer,
  rep: DemoRep,
  createdAt: number,
): DealOutcome {
  return new DealLife(world, customer, rep, createdAt).live();
}

/** A class rather than closures: millions of deals, and no functions created per deal. */
class DealLife {
  private readonly id: string;
  private readonly level: CompetitionLevel;
  private readonly currency: string;
  private amount: number;
  private readonly source: string;
  private readonly quality: number;
  private readonly engagement: Engagement = {
    conversations: 0,
    decisionMakerSeen: false,
    objectionsRaised: 0,
    objectionsResolved: 0,
  };
  private stageIndex = 0;
  private stageStart: number;
  private changes = 0;
  private outcome: DealOutcome = { status: 'open', closedAt: null };
  private baseOdds = 0;

  constructor(
    private readonly world: DealWorld,
    private readonly customer: DemoCustomer,
    private readonly rep: DemoRep,
    private readonly createdAt: number,
  ) {
    const { rng, ids } = world;
    this.id = ids.uuid7(createdAt);
    this.level = rng.weighted(competitionWeights(customer.band));
    this.currency = CURRENCY_OF_COUNTRY[customer.country] ?? 'USD';
    this.amount = dealAmount(world, customer.band, this.currency);
    this.source = rng.weighted(SOURCES);
    this.quality = rng.normal();
    this.stageStart = createdAt;
  }

  live(): DealOutcome {
    const { world, customer, rep } = this;
    const { rng, now, pipeline } = world;
    const traits = SIZE_TRAITS[customer.band];
    const baseOdds = (this.baseOdds =
      INDUSTRY_EFFECT[customer.industry] +
      traits.effect +
      rep.skill +
      COMPETITION_EFFECT[this.level] +
      (this.source === 'referral' ? 0.3 : 0) +
      0.35 * this.quality);
    this.stageRow(null, pipeline.openStageIds[0]!, this.createdAt, null);
    this.amountRow(null, this.amount, this.createdAt);
    const last = pipeline.openStageIds.length - 1;
    for (;;) {
      this.recordTruth();
      const typical = stageDays(this.stageIndex) * traits.pace;
      const days = typical * rep.pace * rng.logNormal(-0.1, 0.5);
      const stageEnd = this.stageStart + days * DAY;
      const conversations = this.converse(Math.min(stageEnd, now));
      if (stageEnd > now) break;
      const odds =
        advanceBase(this.stageIndex) +
        baseOdds +
        engagementEffect(this.engagement, (conversations * typical) / days, this.stageIndex) +
        speedEffect(days / typical);
      const from = pipeline.openStageIds[this.stageIndex]!;
      this.changes += 1;
      if (!rng.chance(logistic(odds))) {
        const reason = lostReason(rng, {
          level: this.level,
          engagement: this.engagement,
          slow: days / typical > 1.3,
        });
        this.stageRow(from, pipeline.lostStageId, stageEnd, reason);
        this.outcome = { status: 'lost', closedAt: stageEnd };
        world.chunk.opportunities.push(this.row(reason));
        return this.outcome;
      }
      if (this.stageIndex + 1 === last && rng.chance(0.35)) {
        // Entering the last open stage (negotiation), a third of deals are re-priced.
        const repriced = Math.round(this.amount * (0.8 + rng.next() * 0.35));
        this.amountRow(this.amount, repriced, stageEnd);
        this.amount = repriced;
        this.changes += 1;
      }
      const done = this.stageIndex === last;
      this.stageRow(
        from,
        done ? pipeline.wonStageId : pipeline.openStageIds[this.stageIndex + 1]!,
        stageEnd,
        null,
      );
      this.stageStart = stageEnd;
      if (done) {
        this.outcome = { status: 'won', closedAt: stageEnd };
        break;
      }
      this.stageIndex += 1;
    }
    world.chunk.opportunities.push(this.row(null));
    return this.outcome;
  }

  /** The true win probability as the deal enters its current stage (only when truths are asked for). */
  private recordTruth(): void {
    const { truth } = this.world;
    if (!truth || this.createdAt < truth.after) return;
    const probability = winProbability(
      {
        opportunityId: this.id,
        stageIndex: this.stageIndex,
        openStages: this.world.pipeline.openStageIds.length,
        engagement: this.engagement,
        quality: this.quality,
        level: this.level,
        band: this.customer.band,
        baseOdds: this.baseOdds,
        rep: this.rep,
      },
      truth.rollouts ?? 200,
    );
    (this.world.chunk.truths ??= []).push({
      opportunityId: this.id,
      at: this.stageStart,
      stageIndex: this.stageIndex,
      probability,
    });
  }

  /** The conversations of the current stage until `until`; returns how many there were. */
  private converse(until: number): number {
    const { rng } = this.world;
    const rate = interactionsPerDay(this.stageIndex) * Math.exp(0.3 * this.quality + this.rep.diligence);
    const count = rng.poisson((rate * (until - this.stageStart)) / DAY);
    for (let n = 0; n < count; n++) {
      writeConversation(this.world, {
        customer: this.customer,
        rep: this.rep,
        opportunityId: this.id,
        at: this.stageStart + rng.next() * (until - this.stageStart),
        notBefore: this.stageStart,
        stageIndex: this.stageIndex,
        quality: this.quality,
        level: this.level,
        engagement: this.engagement,
      });
    }
    return count;
  }

  private stageRow(from: string | null, to: string, at: number, reason: string | null): void {
    const { world } = this;
    world.chunk.opportunity_stage_history.push({
      tenant_id: world.tenantId,
      id: world.ids.uuid7(at),
      opportunity_id: this.id,
      from_stage_id: from,
      to_stage_id: to,
      at: iso(at),
      by_user_id: this.rep.userId,
      via: world.rng.weighted(VIA),
      lost_reason: reason,
    });
  }

  private amountRow(from: number | null, to: number, at: number): void {
    const { world, currency } = this;
    world.chunk.opportunity_amount_history.push({
      tenant_id: world.tenantId,
      id: world.ids.uuid7(at),
      opportunity_id: this.id,
      from_amount: from === null ? null : from.toFixed(2),
      from_currency: from === null ? null : currency,
      to_amount: to.toFixed(2),
      to_currency: currency,
      at: iso(at),
      by_user_id: this.rep.userId,
      via: world.rng.weighted(VIA),
    });
  }

  private row(reason: string | null): DemoRow {
    const { world, customer, rep, outcome, createdAt } = this;
    const { rng, now, pipeline } = world;
    const closed = outcome.closedAt;
    const stageId =
      outcome.status === 'won'
        ? pipeline.wonStageId
        : outcome.status === 'lost'
          ? pipeline.lostStageId
          : pipeline.openStageIds[this.stageIndex]!;
    let plannedDays = 0;
    for (let index = 0; index < pipeline.openStageIds.length; index++)
      plannedDays += stageDays(index) * SIZE_TRAITS[customer.band].pace * rep.pace;
    let expected = createdAt + plannedDays * DAY;
    if (outcome.status === 'open' && expected < now) expected = now + rng.int(7, 60) * DAY;
    return {
      tenant_id: world.tenantId,
      id: this.id,
      name: `${customer.shortName} - ${rng.pick(PRODUCTS)}`,
      customer_id: customer.id,
      amount: this.amount.toFixed(2),
      currency: this.currency,
      pipeline_id: pipeline.id,
      stage_id: stageId,
      status: outcome.status,
      stage_entered_at: iso(closed ?? this.stageStart),
      expected_close_date: iso(expected).slice(0, 10),
      closed_at: closed === null ? null : iso(closed),
      owner_id: rep.userId,
      team_id: rep.teamId,
      source: this.source,
      competitors: competitorsFor(rng, this.level),
      competition_level: this.level,
      lost_reason: reason,
      next_step: outcome.status === 'open' ? rng.pick(NEXT_STEPS) : '',
      tags: rng.chance(0.3) ? [rng.pick(DEAL_TAGS)] : [],
      created_by: rep.userId,
      version: 1 + this.changes,
      created_at: iso(createdAt),
      updated_at: iso(closed ?? this.stageStart),
    };
  }
}
