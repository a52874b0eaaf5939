/** The kanban's data: which deals sit in which column, filters, and the totals of a column. */
import type { Schemas } from '../../lib/api';

export type Deal = Schemas['Opportunity'];
export type Stage = Schemas['Stage'];

export interface Filters {
  pipeline?: string;
  owner?: string;
  team?: string;
  closeFrom?: string;
  closeTo?: string;
  min?: string;
  max?: string;
}

export const FILTER_KEYS = ['pipeline', 'owner', 'team', 'closeFrom', 'closeTo', 'min', 'max'] as const;

export function filtersFromUrl(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
}

export function filtersToUrl(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

/** What the list endpoint cannot filter (team, amount) is filtered here; the rest was asked of it. */
export function matchesFilters(deal: Deal, filters: Filters): boolean {
  if (filters.pipeline && deal.pipelineId !== filters.pipeline) return false;
  if (filters.owner && deal.owner.id !== filters.owner) return false;
  if (filters.team && deal.teamId !== filters.team) return false;
  const amount = Number(deal.amount);
  if (filters.min && amount < Number(filters.min)) return false;
  if (filters.max && amount > Number(filters.max)) return false;
  const close = deal.expectedCloseDate;
  if (filters.closeFrom && (!close || close < filters.closeFrom)) return false;
  if (filters.closeTo && (!close || close > filters.closeTo)) return false;
  return true;
}

export interface ColumnTotals {
  count: number;
  total: number;
  weighted: number;
  /** Deals in a currency with no exchange rate set, left out of the sums. */
  otherCurrency: number;
}

/**
 * Count, total and weighted total in the base currency; `rates` are the organization's units of base
 * currency per unit of each other currency (GET /api/v1/currency-settings).
 */
export function columnTotals(
  deals: Deal[],
  currency: string,
  rates: Record<string, string> = {},
): ColumnTotals {
  const totals: ColumnTotals = { count: deals.length, total: 0, weighted: 0, otherCurrency: 0 };
  for (const deal of deals) {
    const rate = deal.currency === currency ? 1 : Number(rates[deal.currency] ?? NaN);
    if (!Number.isFinite(rate)) {
      totals.otherCurrency++;
      continue;
    }
    const amount = Number(deal.amount) * rate;
    totals.total += amount;
    totals.weighted += (amount * deal.probability) / 100;
  }
  return totals;
}

/** The deal as it looks right after a move, before the server answers. */
export function movedDeal(deal: Deal, stage: Stage): Deal {
  return {
    ...deal,
    stage: { id: stage.id, name: stage.name, kind: stage.kind, probability: stage.probability },
    status: stage.kind,
    probability: deal.probabilityOverride ?? stage.probability,
  };
}
