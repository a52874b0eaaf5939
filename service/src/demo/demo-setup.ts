/**
 * What the generator needs from an organization before it writes: its default pipeline (created when it
 * has none), exchange rates for the demo's currencies, and the reps and managers who own the records.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../core/db/database.js';
import { newId } from '../core/db/columns.js';
import { DEFAULT_PIPELINE } from '../modules/pipelines/pipelines.commands.js';
import { USD_RATES } from './demo-model.js';
import type { DemoPipeline } from './demo-deals.js';
import type { DemoOwner } from './demo-generator.js';

interface StageRow {
  pipeline_id: string;
  id: string;
  kind: 'open' | 'won' | 'lost';
}

async function defaultPipelineStages(tx: Tx): Promise<StageRow[]> {
  return queryRows<StageRow>(
    tx,
    sql`select s.pipeline_id, s.id, s.kind from stages s
      where s.archived_at is null and s.pipeline_id = (
        select id from pipelines order by is_default desc, position, created_at limit 1)
      order by s.position`,
  );
}

/** The organization's default pipeline; one named Sales with the standard stages when it has none. */
export async function demoPipeline(tx: Tx, tenantId: string): Promise<DemoPipeline> {
  let stages = await defaultPipelineStages(tx);
  if (!stages.length) {
    const pipelineId = newId();
    await tx.execute(
      sql`insert into pipelines (tenant_id, id, name, is_default) values (${tenantId}, ${pipelineId}, 'Sales', true)`,
    );
    for (const [position, stage] of DEFAULT_PIPELINE.stages.entries()) {
      await tx.execute(
        sql`insert into stages (tenant_id, id, pipeline_id, name, kind, probability, position)
          values (${tenantId}, ${newId()}, ${pipelineId}, ${stage.name}, ${stage.kind}, ${stage.probability}, ${position})`,
      );
    }
    stages = await defaultPipelineStages(tx);
  }
  const won = stages.find((stage) => stage.kind === 'won');
  const lost = stages.find((stage) => stage.kind === 'lost');
  const open = stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);
  if (!won || !lost || !open.length)
    throw new Error('the default pipeline needs open stages, a won stage and a lost stage');
  return { id: stages[0]!.pipeline_id, openStageIds: open, wonStageId: won.id, lostStageId: lost.id };
}

/** Rates for the demo's currencies, in the organization's base currency, added where missing. */
export async function ensureDemoRates(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(
    sql`insert into currency_settings (tenant_id, base_currency, rates)
      values (${tenantId}, 'USD', ${JSON.stringify(USD_RATES)}::jsonb) on conflict (tenant_id) do nothing`,
  );
  const [settings] = await queryRows<{ base_currency: string; rates: Record<string, string> }>(
    tx,
    sql`select base_currency, rates from currency_settings`,
  );
  const base = Number(USD_RATES[settings?.base_currency ?? 'USD'] ?? Number.NaN);
  if (!settings || Number.isNaN(base)) return;
  const missing = Object.fromEntries(
    Object.entries(USD_RATES)
      .filter(([currency]) => currency !== settings.base_currency && !(currency in settings.rates))
      .map(([currency, usd]) => [currency, String(Number((Number(usd) / base).toPrecision(6)))]),
  );
  if (!Object.keys(missing).length) return;
  await tx.execute(
    sql`update currency_settings set rates = ${JSON.stringify(missing)}::jsonb || rates, version = version + 1`,
  );
}

/** Active reps and team managers (everyone active when there are none), with a team each. */
export async function demoOwners(tx: Tx): Promise<DemoOwner[]> {
  const rows = await queryRows<{ user_id: string; team_id: string | null; key: string | null }>(
    tx,
    sql`select m.user_id, r.built_in_key as key,
        (select tm.team_id from team_members tm where tm.user_id = m.user_id
          order by tm.role = 'manager' desc, tm.team_id limit 1) as team_id
      from memberships m join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
      where m.status = 'active' order by m.user_id`,
  );
  const sellers = rows.filter((row) => row.key === 'sales_rep' || row.key === 'team_manager');
  return (sellers.length ? sellers : rows).map((row) => ({
    userId: row.user_id,
    teamId: row.team_id,
    role: row.key === 'team_manager' ? 'manager' : 'rep',
  }));
}
