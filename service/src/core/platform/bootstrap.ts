import { count, eq } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';
import { newId } from '../db/columns.js';
import { memberships, teamMembers, teams, users } from '../db/schema.js';
import { recordPlatformAudit } from '../audit/audit.js';
import { hashPassword } from '../identity/passwords.js';
import { randomToken } from '../identity/secrets.js';
import { createOrganization } from './organizations.js';
import type { Logger } from '../logger.js';
import { DEMO_SIZES } from '../../demo/demo-generator.js';
import { writeDemo } from '../../demo/demo-writer.js';

const SYSTEM = { tenantId: null, platform: true } as const;

/** Creates (or promotes) the configured super admin; an existing password is left alone. */
export async function ensureSuperAdmin(
  db: Database,
  admin: { email: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(admin.password);
  await db.transaction(SYSTEM, async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, admin.email));
    if (existing?.platformRole === 'super_admin') return;
    if (existing)
      await tx.update(users).set({ platformRole: 'super_admin' }).where(eq(users.id, existing.id));
    else
      await tx
        .insert(users)
        .values({ email: admin.email, name: 'Super Admin', passwordHash, platformRole: 'super_admin' });
    await recordPlatformAudit(tx, {
      action: 'platform.super_admin_ensured',
      entityType: 'user',
      after: { email: admin.email },
    });
  });
}

export interface DemoLogin {
  role: string;
  name: string;
  email: string;
  password: string;
}

const DEMO_PEOPLE = [
  { key: 'org_admin', role: 'Org Admin', name: 'Olivia Park', email: 'olivia@demo.closer.local' },
  { key: 'team_manager', role: 'Team Manager', name: 'Marcus Reed', email: 'marcus@demo.closer.local' },
  { key: 'sales_rep', role: 'Sales Rep', name: 'Riley Chen', email: 'riley@demo.closer.local' },
  { key: 'sales_rep', role: 'Sales Rep', name: 'Sam Diaz', email: 'sam@demo.closer.local' },
] as const;

/**
 * On a first start (no users at all): a super admin and a demo organization with an admin, a manager
 * and two reps in one team, each with a generated password, and two years of sales history (the small
 * demo company, written in a few seconds). Returns the logins to print once.
 */
export async function seedDemo(db: Database, logger?: Logger): Promise<DemoLogin[] | undefined> {
  const [existing] = await db.transaction(SYSTEM, (tx) => tx.select({ n: count() }).from(users));
  if ((existing?.n ?? 0) > 0) return undefined;
  const logins: DemoLogin[] = [
    { role: 'Super Admin', name: 'Platform Admin', email: 'admin@closer.local', password: randomToken(12) },
    ...DEMO_PEOPLE.map((person) => ({
      role: person.role,
      name: person.name,
      email: person.email,
      password: randomToken(12),
    })),
  ];
  const hashes = await Promise.all(logins.map((login) => hashPassword(login.password)));
  await db.transaction(SYSTEM, async (tx) => {
    const [admin] = logins;
    await tx.insert(users).values({
      email: admin!.email,
      name: admin!.name,
      passwordHash: hashes[0]!,
      platformRole: 'super_admin',
    });
    await recordPlatformAudit(tx, {
      action: 'platform.demo_seeded',
      entityType: 'tenant',
      after: { slug: 'demo' },
    });
  });
  const created = await db.transaction({ tenantId: null, platform: true }, (tx) =>
    tx
      .insert(users)
      .values(
        DEMO_PEOPLE.map((person, index) => ({
          email: person.email,
          name: person.name,
          passwordHash: hashes[index + 1]!,
        })),
      )
      .returning(),
  );
  const tenantId = newId();
  await db.transaction({ tenantId, platform: true }, (tx) => seedDemoOrganization(tx, tenantId, created));
  const started = performance.now();
  logger?.info('writing the demo company (two years of sales history)');
  const counts = await writeDemo(db, {
    tenantId,
    size: DEMO_SIZES.small,
    chunkOpportunities: 500,
    onProgress: ({ table, counts }) => {
      if (table === 'interaction_participants')
        logger?.info(`demo company: ${counts.opportunities}/${DEMO_SIZES.small.opportunities} opportunities`);
    },
  });
  logger?.info({ ...counts, ms: Math.round(performance.now() - started) }, 'demo company written');
  return logins;
}

async function seedDemoOrganization(tx: Tx, tenantId: string, people: (typeof users.$inferSelect)[]) {
  const { roles } = await createOrganization(tx, { id: tenantId, name: 'Acme Demo', slug: 'demo' });
  await tx.insert(memberships).values(
    DEMO_PEOPLE.map((person, index) => ({
      tenantId,
      userId: people[index]!.id,
      roleId: roles[person.key].id,
    })),
  );
  const [team] = await tx
    .insert(teams)
    .values({ tenantId, name: 'West', description: 'West coast sales' })
    .returning();
  await tx.insert(teamMembers).values(
    DEMO_PEOPLE.slice(1).map((person, index) => ({
      tenantId,
      teamId: team!.id,
      userId: people[index + 1]!.id,
      role: person.key === 'team_manager' ? ('manager' as const) : ('member' as const),
    })),
  );
}

/** The logins as a box people notice in a terminal. */
export function formatDemoLogins(baseUrl: string, logins: DemoLogin[]): string {
  const rows = logins.map(
    (login) => `  ${login.role.padEnd(14)} ${login.email.padEnd(28)} ${login.password}`,
  );
  return [
    '',
    'Closer created a demo organization. These logins are shown once; keep them somewhere safe.',
    `Sign in: POST ${baseUrl}/api/v1/auth/login {"email": ..., "password": ...}`,
    '',
    ...rows,
    '',
  ].join('\n');
}
