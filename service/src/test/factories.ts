import { eq } from 'drizzle-orm';
import { ACCESS_CHANNEL } from '../core/auth/callers.js';
import type { Database } from '../core/db/database.js';
import { newId } from '../core/db/columns.js';
import { memberships, roles, teamMembers, teams, tenants, users, type Role } from '../core/db/schema.js';
import { hashPassword } from '../core/identity/passwords.js';
import type { TenantActor, Via } from '../core/identity/actor.js';
import { BUILT_IN_ROLES, type BuiltInRoleKey, type Permission } from '../core/identity/permissions.js';
import { createOrganization } from '../core/platform/organizations.js';
import { TestClient } from './http-client.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestPerson {
  id: string;
  email: string;
  name: string;
}

export interface TestOrganization {
  tenantId: string;
  slug: string;
  roles: Record<BuiltInRoleKey, Role>;
  teamId: string;
  admin: TestPerson;
  manager: TestPerson;
  rep: TestPerson;
  otherRep: TestPerson;
}

/**
 * An organization as people meet it: built-in roles, an org admin, a manager of team "West" with one
 * rep in it, and a second rep outside it. Names repeat across organizations on purpose (isolation tests).
 */
export async function buildOrganization(
  db: Database,
  overrides: { slug?: string; name?: string } = {},
): Promise<TestOrganization> {
  const tenantId = newId();
  const slug = overrides.slug ?? `org-${tenantId.slice(-8)}`;
  const hash = await testPasswordHash();
  const person = (key: string, name: string): TestPerson => ({
    id: newId(),
    email: `${key}@${slug}.test`,
    name,
  });
  const people = {
    admin: person('admin', 'Alex Admin'),
    manager: person('manager', 'Morgan Manager'),
    rep: person('rep', 'Riley Rep'),
    otherRep: person('other-rep', 'Sam Rep'),
  };
  const teamId = newId();
  const roles = await db.transaction({ tenantId, platform: true }, async (tx) => {
    const organization = await createOrganization(tx, {
      id: tenantId,
      name: overrides.name ?? 'Acme Corp',
      slug,
    });
    await tx.insert(users).values(Object.values(people).map((p) => ({ ...p, passwordHash: hash })));
    const roleOf = {
      admin: 'org_admin',
      manager: 'team_manager',
      rep: 'sales_rep',
      otherRep: 'sales_rep',
    } as const;
    await tx.insert(memberships).values(
      Object.entries(people).map(([key, p]) => ({
        tenantId,
        userId: p.id,
        roleId: organization.roles[roleOf[key as keyof typeof roleOf]].id,
      })),
    );
    await tx.insert(teams).values({ tenantId, id: teamId, name: 'West' });
    await tx.insert(teamMembers).values([
      { tenantId, teamId, userId: people.manager.id, role: 'manager' },
      { tenantId, teamId, userId: people.rep.id, role: 'member' },
    ]);
    return organization.roles;
  });
  return { tenantId, slug, roles, teamId, ...people };
}

/** A super admin (or support staff) outside any organization. */
export async function buildPlatformUser(
  db: Database,
  role: 'super_admin' | 'support' = 'super_admin',
): Promise<TestPerson> {
  const person = {
    id: newId(),
    email: `${role}-${newId().slice(-8)}@platform.test`,
    name: role === 'support' ? 'Sue Support' : 'Pat Platform',
  };
  const hash = await testPasswordHash();
  await db.transaction({ tenantId: null, platform: true }, (tx) =>
    tx.insert(users).values({ ...person, passwordHash: hash, platformRole: role }),
  );
  return person;
}

/**
 * Suspends or reactivates an organization behind the app's back, and returns once the change has been
 * announced (NOTIFY) and every listening app had a moment to forget its cached callers.
 */
export async function setTenantStatus(
  db: Database,
  tenantId: string,
  status: 'active' | 'suspended',
): Promise<void> {
  let heard!: () => void;
  const announced = new Promise<void>((resolve) => (heard = resolve));
  const ignore = () => undefined;
  const stop = await db.listen(ACCESS_CHANNEL, {
    onMessage: (payload) => payload === `tenant:${tenantId}` && heard(),
    onLost: ignore,
    onRestored: ignore,
  });
  try {
    await db.transaction({ tenantId, platform: true }, (tx) =>
      tx.update(tenants).set({ status }).where(eq(tenants.id, tenantId)),
    );
    await Promise.race([announced, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await stop();
  }
}

export async function signIn(baseUrl: string, person: TestPerson): Promise<TestClient> {
  const client = new TestClient(baseUrl);
  await client.login(person.email, TEST_PASSWORD);
  return client;
}

/**
 * The actor a request by `person` would carry, with the permissions of a built-in role: for calling
 * commands directly inside a transaction (to prove, say, that a rolled-back command leaves nothing).
 */
export function actorFor(
  org: TestOrganization,
  person: TestPerson,
  roleKey: BuiltInRoleKey,
  via: Via = 'web',
): TenantActor {
  const role = BUILT_IN_ROLES.find((builtIn) => builtIn.key === roleKey)!;
  return {
    userId: person.id,
    email: person.email,
    name: person.name,
    tenantId: org.tenantId,
    membershipId: null,
    roleId: org.roles[roleKey].id,
    platformRole: null,
    permissions: new Set<Permission>(role.permissions),
    via,
    sessionId: null,
    apiKeyId: null,
  };
}

/**
 * A member of `org` whose custom role holds only `permissions` (by default one that opens no CRM,
 * task or admin route): the "custom role without the permission" of the access tests.
 */
export async function buildCustomRoleMember(
  db: Database,
  org: TestOrganization,
  permissions: Permission[] = ['dashboard.view_personal'],
): Promise<TestPerson> {
  const person: TestPerson = { id: newId(), email: `custom@${org.slug}.test`, name: 'Casey Custom' };
  const passwordHash = await testPasswordHash();
  await db.transaction({ tenantId: org.tenantId, platform: true }, async (tx) => {
    const roleId = newId();
    await tx.insert(roles).values({ tenantId: org.tenantId, id: roleId, name: 'Viewer', permissions });
    await tx.insert(users).values({ ...person, passwordHash });
    await tx.insert(memberships).values({ tenantId: org.tenantId, userId: person.id, roleId });
  });
  return person;
}
