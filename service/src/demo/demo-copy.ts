/**
 * Streams a demo company into PostgreSQL with `COPY ... FROM STDIN` (text format) on an owner connection
 * whose session is set to the organization (`app.tenant_id`): forced RLS applies to owners too.
 * PostgreSQL refuses COPY FROM into a table under RLS, so a login that does not bypass RLS (an owner that
 * is not a superuser) copies into a temporary table and moves the rows with one INSERT ... SELECT each,
 * which RLS checks row by row.
 */
import type pg from 'pg';
import { copyInto, copyText } from '../core/db/staging.js';
import { DemoGenerator, type DemoPlan } from './demo-generator.js';
import { DEMO_COLUMNS, DEMO_TABLES, zeroCounts, type DemoCounts } from './demo-tables.js';

export interface CopyProgress {
  counts: DemoCounts;
  opportunities: number;
  target: number;
}

/** Writes the plan's rows; the client's session must already be set to the plan's tenant. */
export async function copyDemo(
  client: pg.ClientBase,
  plan: DemoPlan,
  options: { checkForeignKeys: boolean; onProgress: (progress: CopyProgress) => void },
): Promise<DemoCounts> {
  const [{ bypass, superuser } = { bypass: false, superuser: false }] = (
    await client.query<{ bypass: boolean; superuser: boolean }>(
      `select rolsuper or rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = current_user`,
    )
  ).rows;
  if (superuser && !options.checkForeignKeys) {
    // The generator writes every reference consistent (parents first); re-checking tens of millions of
    // them row by row is most of the load time. Indexes and constraints other than foreign keys still apply.
    await client.query('set session_replication_role = replica');
  }
  if (!bypass) {
    for (const table of DEMO_TABLES) {
      const columns = DEMO_COLUMNS[table].map(([name, type]) => `${name} ${type}`).join(', ');
      await client.query(`create temporary table demo_${table} (${columns}) on commit preserve rows`);
    }
  }
  const counts = zeroCounts();
  for (const chunk of new DemoGenerator(plan).chunks()) {
    await client.query('begin');
    for (const table of DEMO_TABLES) {
      const rows = chunk[table];
      if (!rows.length) continue;
      const columns = DEMO_COLUMNS[table].map(([name]) => name).join(', ');
      const text = copyText(DEMO_COLUMNS[table], rows);
      if (bypass) {
        await copyInto(client, table, columns, text);
      } else {
        await copyInto(client, `demo_${table}`, columns, text);
        await client.query(`insert into ${table} (${columns}) select ${columns} from demo_${table}`);
        await client.query(`truncate demo_${table}`);
      }
      counts[table] += rows.length;
    }
    await client.query('commit');
    options.onProgress({ counts, opportunities: counts.opportunities, target: plan.size.opportunities });
  }
  // The demo's rows may have been written with triggers off (replication role): their lookup keys now.
  await client.query('select rebuild_record_keys()');
  return counts;
}
