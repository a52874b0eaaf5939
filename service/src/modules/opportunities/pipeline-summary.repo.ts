import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import type { StageKind } from '../pipelines/pipelines.tables.js';
import { DEFAULT_BASE_CURRENCY } from './currency-settings.repo.js';

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

/** Closed deals count when `closed_at` is in [after, before); `before` undefined: no upper bound. */
export interface ClosedPeriod {
  after: Date;
  before?: Date | undefined;
}

/**
 * Deals per stage of a pipeline with their totals in the organization's base currency, converted and
 * summed in SQL (`numeric`, never floats). Open stages count every live open deal; won and lost stages
 * only the deals closed in `closed` (so the totals do not grow with years of history).
 *
 * The deals are first summed per stage, currency and probability override, each part an index-only scan of its partial
 * covering index (`opportunities_open_stage_idx`, `opportunities_closed_stage_idx`), then each
 * currency's sums are converted once. A deal whose currency has no rate is counted but left out of the
 * sums, and reported. Archived stages show only while deals still sit in them.
 */
export function stageTotals(
  tx: Tx,
  input: {
    actor: Actor & { tenantId: string };
    pipelineId: string;
    ownerId?: string | undefined;
    closed: ClosedPeriod;
  },
): Promise<StageTotals[]> {
  const { actor, pipelineId, ownerId, closed } = input;
  const tenantId = actor.tenantId;
  const scope = userInScope(actor, sql`o.owner_id`);
  const filters = sql.join(
    [
      // Named explicitly (RLS says the same) so both the app and the bare statement use the indexes.
      sql`o.tenant_id = ${tenantId}`,
      sql`o.stage_id in (select id from stages where tenant_id = ${tenantId} and pipeline_id = ${pipelineId})`,
      sql`o.deleted_at is null`,
      ...(scope ? [scope] : []),
      ...(ownerId ? [sql`o.owner_id = ${ownerId}`] : []),
    ],
    sql` and `,
  );
  // Per stage, currency and probability override (null: the stage's default), how many and their sum;
  // weighted and converted per group afterwards.
  const sums = sql`o.stage_id, o.currency, o.probability_override, count(*)::int as n, sum(o.amount) as amount`;
  const groups = sql`o.stage_id, o.currency, o.probability_override`;
  const period = sql`o.closed_at >= ${closed.after.toISOString()}::timestamptz${
    closed.before ? sql` and o.closed_at < ${closed.before.toISOString()}::timestamptz` : sql``
  }`;
  return queryRows<StageTotals>(
    tx,
    sql`with totals as (
        select ${sums} from opportunities o
        where ${filters} and o.status = 'open'
        group by ${groups}
        union all
        select ${sums} from opportunities o
        where ${filters} and o.status <> 'open' and ${period}
        group by ${groups}
      )
      select s.id as "stageId", s.name, s.kind, s.probability,
        coalesce(sum(t.n), 0)::int as "count",
        round(coalesce(sum(t.amount * r.rate), 0), 2)::text as "totalAmount",
        round(coalesce(sum(t.amount * (case s.kind when 'won' then 100 when 'lost' then 0
          else coalesce(t.probability_override, s.probability) end) * r.rate / 100), 0), 2)::text as "weightedAmount",
        coalesce(sum(t.n) filter (where r.rate is null), 0)::int as "unconvertedCount",
        coalesce(string_agg(distinct t.currency::text, ',') filter (where r.rate is null and t.n is not null), '') as "missingRates"
      from stages s
      left join currency_settings cs on cs.tenant_id = s.tenant_id
      left join totals t on t.stage_id = s.id
      left join lateral (
        select case
          when t.currency = coalesce(cs.base_currency, ${DEFAULT_BASE_CURRENCY}) then 1::numeric
          else (cs.rates ->> t.currency::text)::numeric
        end as rate
      ) r on true
      where s.tenant_id = ${tenantId} and s.pipeline_id = ${pipelineId}
      group by s.tenant_id, s.id, s.name, s.kind, s.probability, s.position, s.archived_at
      having s.archived_at is null or coalesce(sum(t.n), 0) > 0
      order by s.position, s.id`,
  );
}
