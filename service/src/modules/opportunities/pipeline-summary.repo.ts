import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import type { StageKind } from '../pipelines/pipelines.tables.js';
import { DEFAULT_BASE_CURRENCY } from './currency-settings.repo.js';
import { opportunities } from './opportunities.tables.js';

export interface StageTotals {
  stageId: string;
  name: string;
  kind: StageKind;
  probability: number;
  count: number;
  totalAmount: string;
  weightedAmount: string;
  unconvertedCount: number;
  /** Currencies of this stage's deals that have no exchange rate, comma-separated ('' when none). */
  missingRates: string;
}

/**
 * Deals per stage of a pipeline with their totals in the organization's base currency, converted and
 * summed in SQL (`numeric`, never floats). Each stage's deals come from `opportunities_stage_idx`
 * (tenant, stage, live deals only). A deal whose currency has no rate is counted but left out of the
 * sums, and reported. Archived stages show only while deals still sit in them.
 */
export function stageTotals(
  tx: Tx,
  input: { actor: Actor & { tenantId: string }; pipelineId: string; ownerId?: string | undefined },
): Promise<StageTotals[]> {
  const { actor, pipelineId, ownerId } = input;
  const o = opportunities;
  const scope = userInScope(actor, o.ownerId);
  const deals = sql.join(
    [
      sql`${o.tenantId} = s.tenant_id`,
      sql`${o.stageId} = s.id`,
      sql`${o.deletedAt} is null`,
      ...(scope ? [scope] : []),
      ...(ownerId ? [sql`${o.ownerId} = ${ownerId}`] : []),
    ],
    sql` and `,
  );
  const weighted = sql`${o.amount} * r.rate * coalesce(${o.probabilityOverride}, s.probability) / 100`;
  return queryRows<StageTotals>(
    tx,
    sql`select s.id as "stageId", s.name, s.kind, s.probability,
        count(${o.id})::int as "count",
        round(coalesce(sum(${o.amount} * r.rate), 0), 2)::text as "totalAmount",
        round(coalesce(sum(${weighted}), 0), 2)::text as "weightedAmount",
        (count(${o.id}) filter (where r.rate is null))::int as "unconvertedCount",
        coalesce(string_agg(distinct ${o.currency}::text, ',') filter (where r.rate is null and ${o.id} is not null), '') as "missingRates"
      from stages s
      left join currency_settings cs on cs.tenant_id = s.tenant_id
      left join ${o} on ${deals}
      left join lateral (
        select case
          when ${o.currency} = coalesce(cs.base_currency, ${DEFAULT_BASE_CURRENCY}) then 1::numeric
          else (cs.rates ->> ${o.currency}::text)::numeric
        end as rate
      ) r on true
      where s.tenant_id = ${actor.tenantId} and s.pipeline_id = ${pipelineId}
      group by s.tenant_id, s.id, s.name, s.kind, s.probability, s.position, s.archived_at
      having s.archived_at is null or count(${o.id}) > 0
      order by s.position, s.id`,
  );
}
