import type { CurrencySettings } from './opportunities.tables.js';
import type { OpportunityView } from './opportunities.repo.js';
import type { ChangeRow } from './opportunity-history.repo.js';
import type { StageTotals } from './pipeline-summary.repo.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A deal as the API shows it: its own fields, the names around it, and its effective probability. */
export function presentOpportunity({ opportunity: o, stage, customer, owner }: OpportunityView) {
  return {
    id: o.id,
    name: o.name,
    customer,
    amount: o.amount,
    currency: o.currency,
    pipelineId: o.pipelineId,
    stage,
    status: o.status,
    probability: effectiveProbability(stage.kind, o.probabilityOverride, stage.probability),
    probabilityOverride: o.probabilityOverride,
    stageEnteredAt: o.stageEnteredAt.toISOString(),
    expectedCloseDate: o.expectedCloseDate,
    closedAt: iso(o.closedAt),
    owner,
    teamId: o.teamId,
    source: o.source,
    competitors: o.competitors,
    competitionLevel: o.competitionLevel,
    lostReason: o.lostReason,
    nextStep: o.nextStep,
    tags: o.tags,
    customFields: o.customFields,
    deletedAt: iso(o.deletedAt),
    createdBy: o.createdBy,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
export type OpportunityOutput = ReturnType<typeof presentOpportunity>;

export function presentChange({ atKey: _atKey, at, ...change }: ChangeRow) {
  return { ...change, at: at.toISOString() };
}

export function presentSummary(input: {
  pipelineId: string;
  baseCurrency: string;
  closedAfter: string;
  closedBefore: string | null;
  stages: StageTotals[];
}) {
  const missing = new Set(input.stages.flatMap((stage) => stage.missingRates.split(',').filter(Boolean)));
  return {
    pipelineId: input.pipelineId,
    baseCurrency: input.baseCurrency,
    closedAfter: input.closedAfter,
    closedBefore: input.closedBefore,
    stages: input.stages.map(({ missingRates: _missing, ...stage }) => stage),
    missingRates: [...missing].sort(),
  };
}

export function presentCurrencySettings(settings: {
  baseCurrency: string;
  rates: CurrencySettings['rates'];
  version: number;
  updatedAt: Date | null;
}) {
  return {
    baseCurrency: settings.baseCurrency,
    rates: settings.rates,
    version: settings.version,
    updatedAt: iso(settings.updatedAt),
  };
}

/** A closed deal is certain: won is 100, lost 0, whatever estimate it carried while open. */
export function effectiveProbability(
  kind: 'open' | 'won' | 'lost',
  override: number | null,
  stageDefault: number,
): number {
  if (kind === 'won') return 100;
  if (kind === 'lost') return 0;
  return override ?? stageDefault;
}
