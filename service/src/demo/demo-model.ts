/**
 * The demo company's sales physics: who buys, how fast, and what makes a deal advance. These effects are
 * what dashboards, forecasts and the predictive engine should find again in the generated rows.
 */
import type { interactionTypes } from '../modules/interactions/interactions.tables.js';
import type { competitionLevels } from '../modules/opportunities/opportunities.tables.js';
import type { industries, sizeBands } from '../modules/customers/customers.tables.js';

export type Industry = (typeof industries)[number];
export type SizeBand = (typeof sizeBands)[number];
export type CompetitionLevel = (typeof competitionLevels)[number];
export type InteractionKind = (typeof interactionTypes)[number];

export const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  ['software', 16],
  ['financial_services', 10],
  ['healthcare', 9],
  ['manufacturing', 10],
  ['retail', 8],
  ['education', 5],
  ['government', 4],
  ['energy', 4],
  ['telecommunications', 4],
  ['media', 4],
  ['logistics', 6],
  ['real_estate', 4],
  ['professional_services', 8],
  ['hospitality', 3],
  ['nonprofit', 2],
  ['other', 3],
];

/** Log-odds added to every stage's advance: software buys easily, government slowly and rarely. */
export const INDUSTRY_EFFECT: Record<Industry, number> = {
  software: 0.45,
  financial_services: 0.15,
  healthcare: -0.1,
  manufacturing: 0.05,
  retail: -0.15,
  education: -0.3,
  government: -0.6,
  energy: 0,
  telecommunications: -0.05,
  media: 0.1,
  logistics: 0.2,
  real_estate: -0.2,
  professional_services: 0.3,
  hospitality: -0.25,
  nonprofit: -0.35,
  other: 0,
};

export const SIZE_WEIGHTS: readonly (readonly [SizeBand, number])[] = [
  ['1-10', 14],
  ['11-50', 26],
  ['51-200', 25],
  ['201-1000', 18],
  ['1001-5000', 11],
  ['5001+', 6],
];

export interface SizeTraits {
  /** Log-odds: small companies decide quickly and say yes more often. */
  effect: number;
  /** How many deals a company of this size brings, relative to others. */
  dealWeight: number;
  /** Typical deal in USD. */
  dealUsd: number;
  /** Multiplier on days per stage. */
  pace: number;
  contacts: readonly [number, number];
  revenueUsd: number;
  /** Log-odds of reaching the decision maker in a conversation. */
  reachDecisionMaker: number;
}

export const SIZE_TRAITS: Record<SizeBand, SizeTraits> = {
  '1-10': {
    effect: 0.35,
    dealWeight: 0.5,
    dealUsd: 4_000,
    pace: 0.55,
    contacts: [1, 2],
    revenueUsd: 1e6,
    reachDecisionMaker: 0.8,
  },
  '11-50': {
    effect: 0.25,
    dealWeight: 0.7,
    dealUsd: 9_000,
    pace: 0.7,
    contacts: [1, 3],
    revenueUsd: 6e6,
    reachDecisionMaker: 0.5,
  },
  '51-200': {
    effect: 0.1,
    dealWeight: 1,
    dealUsd: 22_000,
    pace: 0.9,
    contacts: [2, 4],
    revenueUsd: 3e7,
    reachDecisionMaker: 0.2,
  },
  '201-1000': {
    effect: -0.05,
    dealWeight: 1.4,
    dealUsd: 45_000,
    pace: 1.1,
    contacts: [2, 5],
    revenueUsd: 1.5e8,
    reachDecisionMaker: -0.1,
  },
  '1001-5000': {
    effect: -0.25,
    dealWeight: 2,
    dealUsd: 90_000,
    pace: 1.4,
    contacts: [3, 6],
    revenueUsd: 8e8,
    reachDecisionMaker: -0.4,
  },
  '5001+': {
    effect: -0.45,
    dealWeight: 3,
    dealUsd: 180_000,
    pace: 1.8,
    contacts: [4, 8],
    revenueUsd: 5e9,
    reachDecisionMaker: -0.7,
  },
};

export const COMPETITION_EFFECT: Record<CompetitionLevel, number> = {
  none: 0.45,
  low: 0.15,
  medium: -0.2,
  high: -0.6,
};

/** Bigger buyers shop around more. */
export function competitionWeights(band: SizeBand): readonly (readonly [CompetitionLevel, number])[] {
  const big = ['201-1000', '1001-5000', '5001+'].includes(band);
  return big
    ? [
        ['none', 15],
        ['low', 25],
        ['medium', 35],
        ['high', 25],
      ]
    : [
        ['none', 35],
        ['low', 30],
        ['medium', 25],
        ['high', 10],
      ];
}

export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['US', 40],
  ['GB', 12],
  ['DE', 10],
  ['FR', 7],
  ['CA', 7],
  ['AU', 5],
  ['NL', 4],
  ['ES', 3],
  ['IT', 3],
  ['SE', 3],
  ['JP', 3],
  ['BR', 3],
];

export const CURRENCY_OF_COUNTRY: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  NL: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  SE: 'SEK',
  CA: 'CAD',
  AU: 'AUD',
  JP: 'JPY',
  BR: 'BRL',
};

/** Units of USD per unit of each currency: the demo organization's exchange rates (base USD). */
export const USD_RATES: Record<string, string> = {
  USD: '1',
  EUR: '1.08',
  GBP: '1.27',
  CAD: '0.73',
  AUD: '0.66',
  SEK: '0.095',
  JPY: '0.0067',
  BRL: '0.18',
};

/** Typical days in each open stage (Prospecting, Qualification, Proposal, Negotiation, ...). */
export const STAGE_DAYS = [8, 12, 16, 11] as const;
/** Log-odds of leaving each open stage forward for an average deal. */
export const ADVANCE_BASE = [0.7, 0.45, 0.3, 0.65] as const;
/** Conversations per day in each open stage, for an average deal and rep. */
export const INTERACTIONS_PER_DAY = [0.22, 0.3, 0.35, 0.4] as const;

export const TYPE_WEIGHTS_BY_STAGE: readonly (readonly (readonly [InteractionKind, number])[])[] = [
  [
    ['email', 45],
    ['call', 30],
    ['message', 10],
    ['note', 15],
  ],
  [
    ['call', 40],
    ['meeting', 25],
    ['email', 25],
    ['note', 10],
  ],
  [
    ['demo', 30],
    ['meeting', 25],
    ['email', 25],
    ['call', 15],
    ['note', 5],
  ],
  [
    ['meeting', 35],
    ['call', 30],
    ['email', 25],
    ['message', 5],
    ['note', 5],
  ],
];

export const stageDays = (index: number): number => STAGE_DAYS[index % STAGE_DAYS.length]!;
export const advanceBase = (index: number): number => ADVANCE_BASE[index % ADVANCE_BASE.length]!;
export const interactionsPerDay = (index: number): number =>
  INTERACTIONS_PER_DAY[index % INTERACTIONS_PER_DAY.length]!;
export const typeWeights = (index: number) => TYPE_WEIGHTS_BY_STAGE[index % TYPE_WEIGHTS_BY_STAGE.length]!;

/** What a deal's conversations showed so far: the engagement part of its odds. */
export interface Engagement {
  conversations: number;
  decisionMakerSeen: boolean;
  objectionsRaised: number;
  objectionsResolved: number;
}

/**
 * Log-odds from engagement: talking often (conversations in the stage per typical stage length, so a
 * slow deal does not earn credit by lingering), reaching the decision maker, resolving objections.
 */
export function engagementEffect(engagement: Engagement, density: number, stageIndex: number): number {
  const unresolved = engagement.objectionsRaised - engagement.objectionsResolved;
  return (
    0.2 * Math.min(density, 6) -
    0.5 +
    (stageIndex === 0 ? 0 : engagement.decisionMakerSeen ? 0.55 : -0.35) -
    0.6 * Math.min(unresolved, 3) +
    0.2 * Math.min(engagement.objectionsResolved, 3)
  );
}

/** Log-odds from speed: a deal that lingers in a stage is going cold. `ratio` = days / typical days. */
export const speedEffect = (ratio: number): number => -1.1 * Math.log(ratio);
