import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import { newId } from '../../core/db/columns.js';
import { findCurrencySettings, DEFAULT_BASE_CURRENCY } from '../opportunities/currency-settings.repo.js';
import type { OutcomeRates } from './engine/history.js';
import {
  historyFromRows,
  type AmountChangeRow,
  type CustomerRow,
  type HistoryRows,
  type InteractionRow,
  type OpportunityRow,
  type StageChangeRow,
  type StageRow,
} from './engine/rows.js';
import type { ModelParams } from './engine/model.js';
import {
  opportunityPredictions,
  predictionHistory,
  predictionModels,
  type OpportunityPrediction,
  type PredictionModelRow,
} from './predictions.tables.js';

/** Converts amounts to the organization's base currency (an amount without a rate counts as given). */
export async function currencyConverter(tx: Tx): Promise<{ base: string; toBase: HistoryRows['toBase'] }> {
  const settings = await findCurrencySettings(tx);
  const base = settings?.baseCurrency ?? DEFAULT_BASE_CURRENCY;
  const rates: Record<string, string> = settings?.rates ?? {};
  return {
    base,
    toBase: (amount, currency) =>
      currency === base || rates[currency] === undefined ? amount : amount * Number(rates[currency]),
  };
}

const STAGES = sql`select id, name, pipeline_id, position, kind, probability from stages`;

const OPPORTUNITY_COLUMNS = sql`o.id, o.customer_id, o.owner_id, o.stage_id, o.status, o.created_at, o.closed_at,
  o.amount, o.currency, o.competition_level, o.source, cardinality(o.competitors) as competitors`;

const INTERACTION_COLUMNS = sql`i.opportunity_id, i.occurred_at, i.type, i.direction, i.outcome, i.attended, i.replied,
  i.decision_maker_present, i.objection_raised, i.objection_resolved`;

/** The organization's whole sales history (deals not in the trash), for training and bulk scoring. */
export async function loadHistoryRows(tx: Tx): Promise<HistoryRows> {
  const { toBase } = await currencyConverter(tx);
  const [stages, customers, opportunities, stageChanges, amountChanges, interactions] = [
    await queryRows<StageRow>(tx, STAGES),
    await queryRows<CustomerRow>(tx, sql`select id, industry, size_band from customers`),
    await queryRows<OpportunityRow>(
      tx,
      sql`select ${OPPORTUNITY_COLUMNS} from opportunities o where o.deleted_at is null order by o.id`,
    ),
    await queryRows<StageChangeRow>(
      tx,
      sql`select h.opportunity_id, h.to_stage_id, h.at from opportunity_stage_history h
        join opportunities o on o.id = h.opportunity_id and o.deleted_at is null`,
    ),
    await queryRows<AmountChangeRow>(
      tx,
      sql`select h.opportunity_id, h.to_amount, h.to_currency, h.at from opportunity_amount_history h
        join opportunities o on o.id = h.opportunity_id and o.deleted_at is null`,
    ),
    await queryRows<InteractionRow>(
      tx,
      sql`select ${INTERACTION_COLUMNS} from interactions i
        where i.deleted_at is null and i.opportunity_id is not null`,
    ),
  ];
  return { stages, customers, opportunities, stageChanges, amountChanges, interactions, toBase };
}

export async function loadHistory(tx: Tx) {
  return historyFromRows(await loadHistoryRows(tx));
}

/**
 * What scoring one deal now needs: the deal with its changes and conversations, and the organization's
 * win rates (the organization, the customer, the owner, the industry) and the customer's usual amount,
 * read as aggregates rather than every closed deal. Valid for a score as of now only.
 */
export async function loadDealForScoring(
  tx: Tx,
  opportunityId: string,
): Promise<{ rows: HistoryRows; rates: OutcomeRates } | null> {
  const { toBase } = await currencyConverter(tx);
  const opportunities = await queryRows<
    OpportunityRow & { industry: string | null; size_band: string | null }
  >(
    tx,
    sql`select ${OPPORTUNITY_COLUMNS}, c.industry, c.size_band from opportunities o
      left join customers c on c.id = o.customer_id
      where o.id = ${opportunityId} and o.deleted_at is null`,
  );
  const deal = opportunities[0];
  if (!deal) return null;
  const [stages, stageChanges, amountChanges, interactions, counts, amounts] = [
    await queryRows<StageRow>(
      tx,
      sql`${STAGES} where pipeline_id = (select pipeline_id from stages where id = ${deal.stage_id})`,
    ),
    await queryRows<StageChangeRow>(
      tx,
      sql`select opportunity_id, to_stage_id, at from opportunity_stage_history where opportunity_id = ${opportunityId}`,
    ),
    await queryRows<AmountChangeRow>(
      tx,
      sql`select opportunity_id, to_amount, to_currency, at from opportunity_amount_history where opportunity_id = ${opportunityId}`,
    ),
    await queryRows<InteractionRow>(
      tx,
      sql`select ${INTERACTION_COLUMNS} from interactions i
        where i.opportunity_id = ${opportunityId} and i.deleted_at is null`,
    ),
    await queryRows<{ group: string; closed: number; won: number }>(
      tx,
      sql`select g.group, count(*)::int as closed, count(*) filter (where o.status = 'won')::int as won
        from opportunities o
        left join customers c on c.id = o.customer_id
        cross join lateral (values
          ('organization', true),
          ('customer', o.customer_id = ${deal.customer_id}),
          ('owner', o.owner_id = ${deal.owner_id}),
          ('industry', c.industry is not distinct from ${deal.industry} and ${deal.industry}::text is not null)
        ) as g("group", hit)
        where o.deleted_at is null and o.status <> 'open' and o.closed_at is not null and g.hit
        group by g.group`,
    ),
    await queryRows<{ amount: string; currency: string }>(
      tx,
      sql`select o.amount, o.currency from opportunities o
        where o.customer_id = ${deal.customer_id} and o.deleted_at is null
          and o.created_at < ${deal.created_at} and o.amount > 0`,
    ),
  ];
  const count = (group: string) => {
    const row = counts.find((entry) => entry.group === group);
    return { closed: row?.closed ?? 0, won: row?.won ?? 0 };
  };
  const logs = amounts
    .map((row) => Math.log(toBase(Number(row.amount), row.currency)))
    .filter(Number.isFinite);
  const rates: OutcomeRates = {
    before: (group) => count(group),
    customerLogAmount: () => (logs.length ? logs.reduce((sum, value) => sum + value, 0) / logs.length : null),
  };
  return {
    rows: {
      stages,
      customers: [{ id: deal.customer_id, industry: deal.industry, size_band: deal.size_band }],
      opportunities: [deal],
      stageChanges,
      amountChanges,
      interactions,
      toBase,
    },
    rates,
  };
}

export async function openOpportunityIds(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from opportunities where status = 'open' and deleted_at is null order by id`,
  );
  return rows.map((row) => row.id);
}

// --- models

export async function activeModel(tx: Tx): Promise<PredictionModelRow | undefined> {
  const [row] = await tx
    .select()
    .from(predictionModels)
    .where(eq(predictionModels.status, 'active'))
    .orderBy(desc(predictionModels.version))
    .limit(1);
  return row;
}

export async function findModel(tx: Tx, id: string): Promise<PredictionModelRow | undefined> {
  const [row] = await tx.select().from(predictionModels).where(eq(predictionModels.id, id));
  return row;
}

export async function listModels(tx: Tx, limit: number): Promise<PredictionModelRow[]> {
  return tx.select().from(predictionModels).orderBy(desc(predictionModels.version)).limit(limit);
}

export async function runningTraining(tx: Tx): Promise<PredictionModelRow | undefined> {
  const [row] = await tx
    .select()
    .from(predictionModels)
    .where(eq(predictionModels.status, 'training'))
    .limit(1);
  return row;
}

export async function insertModel(
  tx: Tx,
  tenantId: string,
  requestedBy: string | null,
): Promise<PredictionModelRow> {
  // One version number per organization, taken under the lock of the insert's own row order.
  const [{ next }] = (await queryRows<{ next: number }>(
    tx,
    sql`select coalesce(max(version), 0) + 1 as next from prediction_models`,
  )) as [{ next: number }];
  const [row] = await tx
    .insert(predictionModels)
    .values({ tenantId, id: newId(), version: next, status: 'training', requestedBy })
    .returning();
  return row!;
}

export async function updateModel(
  tx: Tx,
  id: string,
  values: Partial<Omit<PredictionModelRow, 'tenantId' | 'id'>>,
): Promise<PredictionModelRow | undefined> {
  const [row] = await tx
    .update(predictionModels)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(predictionModels.id, id))
    .returning();
  return row;
}

/** Retires the model in use (a newer one is promoted). */
export async function retireActive(tx: Tx, except: string): Promise<void> {
  await tx
    .update(predictionModels)
    .set({ status: 'retired', updatedAt: new Date() })
    .where(and(eq(predictionModels.status, 'active'), sql`${predictionModels.id} <> ${except}`));
}

/** Parameters by model id, cached per process: a model's parameters never change once stored. */
const paramsCache = new Map<string, ModelParams>();

export async function modelParams(tx: Tx, row: PredictionModelRow | undefined): Promise<ModelParams | null> {
  if (!row) return null;
  const key = `${row.tenantId}:${row.id}`;
  const cached = paramsCache.get(key);
  if (cached) return cached;
  const params = (row.params ?? (await findModel(tx, row.id))?.params) as ModelParams | null;
  if (!params) return null;
  if (paramsCache.size > 200) paramsCache.delete(paramsCache.keys().next().value!);
  paramsCache.set(key, params);
  return params;
}

// --- predictions

export async function findPredictions(tx: Tx, opportunityIds: string[]): Promise<OpportunityPrediction[]> {
  if (!opportunityIds.length) return [];
  return tx
    .select()
    .from(opportunityPredictions)
    .where(inArray(opportunityPredictions.opportunityId, opportunityIds));
}

export async function savePrediction(
  tx: Tx,
  values: typeof opportunityPredictions.$inferInsert,
): Promise<void> {
  await tx
    .insert(opportunityPredictions)
    .values(values)
    .onConflictDoUpdate({
      target: [opportunityPredictions.tenantId, opportunityPredictions.opportunityId],
      set: {
        probability: values.probability,
        confidence: values.confidence,
        model: values.model,
        modelId: values.modelId,
        factors: values.factors,
        recommendations: values.recommendations,
        scoredAt: values.scoredAt,
      },
    });
}

export async function recordHistory(
  tx: Tx,
  values: Omit<typeof predictionHistory.$inferInsert, 'id'>,
): Promise<void> {
  await tx.insert(predictionHistory).values({ ...values, id: newId() });
}

export async function scoreHistory(
  tx: Tx,
  opportunityId: string,
  limit: number,
): Promise<{ probability: number; model: string; at: Date }[]> {
  return tx
    .select({
      probability: predictionHistory.probability,
      model: predictionHistory.model,
      at: predictionHistory.at,
    })
    .from(predictionHistory)
    .where(eq(predictionHistory.opportunityId, opportunityId))
    .orderBy(desc(predictionHistory.at))
    .limit(limit);
}
