/**
 * The demo company's true win probabilities. The generator draws a deal's fate stage by stage, so the
 * probability that a deal is won, given everything the generator knows when it enters a stage (its
 * customer, rep, competition, hidden quality, the engagement so far), is the share of Monte Carlo
 * rollouts of the rest of its life that end in Won. Rollouts draw from their own stream, seeded from the
 * deal and the stage, with the same physics as the life itself (`drawConversation`, demo-model.ts), and
 * write nothing: with truths on or off the generated rows are the same.
 *
 * Turned on by `DemoPlan.truth`; the truths come back in `DemoChunk.truths`. The predictive engine's
 * evaluation compares its scores with them (modules/predictions/evaluation/demo-eval.ts).
 */
import {
  SIZE_TRAITS,
  advanceBase,
  engagementEffect,
  interactionsPerDay,
  speedEffect,
  stageDays,
  type CompetitionLevel,
  type Engagement,
  type SizeBand,
} from './demo-model.js';
import { drawConversation } from './demo-interactions.js';
import { logistic, Random, seedFrom } from './random.js';

export interface DealTruth {
  opportunityId: string;
  /** ms since epoch: the moment the deal entered the stage (creation = entering the first stage). */
  at: number;
  /** Index of the open stage it entered at `at` (0 = first). */
  stageIndex: number;
  /** P(the deal ends Won | everything the generator knows at `at`), from rollouts. */
  probability: number;
}

export interface TruthOptions {
  /** Only deals created at or after this moment (ms) get truths. */
  after: number;
  /** Rollouts per point (default 200). */
  rollouts?: number;
}

export interface DealState {
  opportunityId: string;
  stageIndex: number;
  openStages: number;
  engagement: Engagement;
  quality: number;
  level: CompetitionLevel;
  band: SizeBand;
  baseOdds: number;
  rep: { skill: number; diligence: number; pace: number };
}

/** The share of `rollouts` lives, continued from `state`, that end in Won. */
export function winProbability(state: DealState, rollouts: number): number {
  const rng = new Random(seedFrom('truth', state.opportunityId, state.stageIndex));
  const traits = SIZE_TRAITS[state.band];
  const facts = {
    stageIndex: 0,
    quality: state.quality,
    level: state.level,
    band: state.band,
    repSkill: state.rep.skill,
  };
  const engagement: Engagement = { ...state.engagement };
  let wins = 0;
  for (let run = 0; run < rollouts; run++) {
    engagement.conversations = state.engagement.conversations;
    engagement.decisionMakerSeen = state.engagement.decisionMakerSeen;
    engagement.objectionsRaised = state.engagement.objectionsRaised;
    engagement.objectionsResolved = state.engagement.objectionsResolved;
    let won = 1;
    for (let index = state.stageIndex; index < state.openStages; index++) {
      const typical = stageDays(index) * traits.pace;
      const days = typical * state.rep.pace * rng.logNormal(-0.1, 0.5);
      const rate = interactionsPerDay(index) * Math.exp(0.3 * state.quality + state.rep.diligence);
      const count = rng.poisson(rate * days);
      facts.stageIndex = index;
      for (let n = 0; n < count; n++) drawConversation(rng, facts, engagement);
      const odds =
        advanceBase(index) +
        state.baseOdds +
        engagementEffect(engagement, (count * typical) / days, index) +
        speedEffect(days / typical);
      if (!rng.chance(logistic(odds))) {
        won = 0;
        break;
      }
    }
    wins += won;
  }
  return wins / rollouts;
}
