/**
 * `npm run demo -- --size=large --database-url=postgres://owner@host/db [--slug=bench] [--seed=N]`
 *
 * Migrates the database, creates (or reuses, by slug) an organization with a sales team sized for the
 * data, and streams a demo company into it with COPY. Runs as the database owner named by the URL.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { connectPostgres, migratePostgres } from '../core/db/postgres.js';
import { queryRows, type Database } from '../core/db/database.js';
import { newId } from '../core/db/columns.js';
import { memberships, teamMembers, teams, users } from '../core/db/schema.js';
import { createOrganization } from '../core/platform/organizations.js';
import { hashPassword } from '../core/identity/passwords.js';
import { randomToken } from '../core/identity/secrets.js';
import { DEMO_SIZES, type DemoSizeName } from './demo-generator.js';
import { DEMO_SEED } from './demo-writer.js';
import { demoOwners, demoPipeline, ensureDemoRates } from './demo-setup.js';
import { copyDemo, type CopyProgress } from './demo-copy.js';
import { DEMO_TABLES } from './demo-tables.js';

/** Teams and reps per team of an organization the script creates, by size. */
const TEAM_SHAPE: Record<DemoSizeName, { teams: number; repsPerTeam: number }> = {
  small: { teams: 1, repsPerTeam: 2 },
  medium: { teams: 3, repsPerTeam: 5 },
  large: { teams: 10, repsPerTeam: 8 },
};

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      slug: { type: 'string' },
      seed: { type: 'string', default: String(DEMO_SEED) },
      'check-foreign-keys': { type: 'boolean', default: false },
    },
  });
  const size = values.size as DemoSizeName;
  if (!(size in DEMO_SIZES)) throw new Error(`--size must be one of ${Object.keys(DEMO_SIZES).join(', ')}`);
  const url = values['database-url'];
  if (!url) throw new Error('--database-url=postgres://... (or DATABASE_URL) is required');
  return {
    size,
    url,
    slug: values.slug ?? `demo-${size}`,
    seed: Number(values.seed),
    checkForeignKeys: values['check-foreign-keys'],
  };
}

/** The organization with `slug`, created with an admin and sales teams when it does not exist. */
async function organization(db: Database, slug: string, size: DemoSizeName): Promise<string> {
  const platform = { tenantId: null, platform: true } as const;
  const [found] = await db.transaction(platform, (tx) =>
    queryRows<{ id: string }>(tx, sql`select id from tenants where slug = ${slug}`),
  );
  if (found) return found.id;
  const tenantId = newId();
  const shape = TEAM_SHAPE[size];
  const password = randomToken(12);
  const passwordHash = await hashPassword(password);
  const email = (who: string) => `${who}@${slug}.demo.closer.local`;
  await db.transaction({ tenantId, platform: true }, async (tx) => {
    const { roles } = await createOrganization(tx, { id: tenantId, name: `Demo ${size}`, slug });
    const admin = { id: newId(), email: email('admin'), name: 'Demo Admin', passwordHash };
    await tx.insert(users).values(admin);
    await tx.insert(memberships).values({ tenantId, userId: admin.id, roleId: roles.org_admin.id });
    for (let team = 1; team <= shape.teams; team++) {
      const [created] = await tx
        .insert(teams)
        .values({ tenantId, name: `Team ${team}` })
        .returning();
      const people = [
        {
          id: newId(),
          email: email(`manager-${team}`),
          name: `Manager ${team}`,
          key: 'team_manager' as const,
        },
        ...Array.from({ length: shape.repsPerTeam }, (_, rep) => ({
          id: newId(),
          email: email(`rep-${team}-${rep + 1}`),
          name: `Rep ${team}.${rep + 1}`,
          key: 'sales_rep' as const,
        })),
      ];
      await tx.insert(users).values(people.map(({ id, email, name }) => ({ id, email, name })));
      await tx
        .insert(memberships)
        .values(people.map((person) => ({ tenantId, userId: person.id, roleId: roles[person.key].id })));
      await tx.insert(teamMembers).values(
        people.map((person) => ({
          tenantId,
          teamId: created!.id,
          userId: person.id,
          role: person.key === 'team_manager' ? ('manager' as const) : ('member' as const),
        })),
      );
    }
  });
  console.log(`created organization ${slug}; sign in as ${email('admin')} / ${password}`);
  return tenantId;
}

const rate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`;

async function main(): Promise<void> {
  const { size, url, slug, seed, checkForeignKeys } = options();
  await migratePostgres({ ownerUrl: url, poolMax: 2 });
  const db = connectPostgres({ ownerUrl: url, poolMax: 2 });
  const tenantId = await organization(db, slug, size);
  const setup = await db.transaction({ tenantId }, async (tx) => {
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from opportunities`,
    );
    if (n > 0) throw new Error(`organization ${slug} already has ${n} opportunities; pass another --slug`);
    const pipeline = await demoPipeline(tx, tenantId);
    await ensureDemoRates(tx, tenantId);
    return { pipeline, owners: await demoOwners(tx) };
  });
  await db.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Forced RLS applies to the owner too: the whole session belongs to this organization.
    await client.query(`select set_config('app.tenant_id', $1, false)`, [tenantId]);
    const started = performance.now();
    const plan = { tenantId, seed, now: new Date(), size: DEMO_SIZES[size], ...setup };
    console.log(
      `writing the ${size} demo company into ${slug} (${tenantId}): ${plan.size.customers} customers, ` +
        `${plan.size.opportunities} opportunities, ${setup.owners.length} owners`,
    );
    let shown = 0;
    const onProgress = ({ counts, opportunities, target }: CopyProgress) => {
      const now = performance.now();
      if (now - shown < 2_000 && opportunities < target) return;
      shown = now;
      const rows = DEMO_TABLES.reduce((sum, table) => sum + counts[table], 0);
      const percent = ((100 * opportunities) / target).toFixed(1);
      console.log(
        `${percent.padStart(5)}%  ${opportunities} opportunities, ${counts.interactions} interactions, ` +
          `${rows} rows, ${rate(rows, now - started)}`,
      );
    };
    const counts = await copyDemo(client, plan, { checkForeignKeys, onProgress });
    const ms = performance.now() - started;
    const rows = DEMO_TABLES.reduce((sum, table) => sum + counts[table], 0);
    console.log(`written in ${(ms / 1000).toFixed(1)} s, ${rate(rows, ms)}:`);
    for (const table of DEMO_TABLES) console.log(`  ${table.padEnd(28)} ${counts[table]}`);
    const analyzed = performance.now();
    for (const table of DEMO_TABLES) await client.query(`analyze ${table}`);
    console.log(`analyzed in ${((performance.now() - analyzed) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
