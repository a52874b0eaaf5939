import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert } from '../../core/db/bulk-insert.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { tenants, type Tenant } from '../platform/platform.tables.js';
import { memberships, roles, type Role } from '../roles/roles.tables.js';
import { teams } from '../teams/teams.tables.js';
import { users, type User } from '../users/users.tables.js';
import { visibleWhere } from './invitations.policy.js';
import { invitations, type Invitation } from './invitations.tables.js';

/** An invitation with the role it offers. */
export interface InvitationWithRole {
  invitation: Invitation;
  role: Pick<Role, 'name'>;
}

const withRole = { invitation: invitations, role: { name: roles.name } };
const roleOfInvitation = and(eq(roles.tenantId, invitations.tenantId), eq(roles.id, invitations.roleId));

export function listVisibleInvitations(
  tx: Tx,
  actor: Actor,
  status?: 'pending' | 'accepted' | 'revoked',
): Promise<InvitationWithRole[]> {
  return tx
    .select(withRole)
    .from(invitations)
    .innerJoin(roles, roleOfInvitation)
    .where(and(status ? eq(invitations.status, status) : undefined, visibleWhere(actor)))
    .orderBy(desc(invitations.createdAt));
}

/** The invitation when the actor may see it; undefined otherwise (a 404 to the caller either way). */
export async function findVisibleInvitation(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<InvitationWithRole | undefined> {
  const [row] = await tx
    .select(withRole)
    .from(invitations)
    .innerJoin(roles, roleOfInvitation)
    .where(and(eq(invitations.id, id), visibleWhere(actor)))
    .limit(1);
  return row;
}

/** The invitation behind a link, with its organization (sign-in scope: the caller is nobody yet). */
export async function findInvitationToAccept(
  tx: Tx,
  id: string,
): Promise<{ invitation: Invitation; tenant: Tenant } | undefined> {
  const [row] = await tx
    .select({ invitation: invitations, tenant: tenants })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.id, id))
    .limit(1);
  return row;
}

export async function findRole(tx: Tx, id: string): Promise<Role | undefined> {
  const [role] = await tx.select().from(roles).where(eq(roles.id, id)).limit(1);
  return role;
}

export async function teamExists(tx: Tx, id: string): Promise<boolean> {
  const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).limit(1);
  return team !== undefined;
}

export async function organizationName(tx: Tx, tenantId: string): Promise<string | undefined> {
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.name;
}

export async function roleNames(tx: Tx, roleIds: string[]): Promise<Map<string, string>> {
  if (!roleIds.length) return new Map();
  const rows = await tx
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .where(inArray(roles.id, roleIds));
  return new Map(rows.map((role) => [role.id, role.name]));
}

const INVITATION_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['email', 'text'],
  ['role_id', 'uuid'],
  ['team_id', 'uuid'],
  ['token_hash', 'text'],
  ['invited_by', 'uuid'],
  ['expires_at', 'timestamptz'],
  ['last_sent_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;

/** Inserts fully built pending invitations in one statement (imports run this 50 times for 50,000). */
export async function insertInvitations(tx: Tx, rows: Invitation[]): Promise<void> {
  await bulkInsert(
    tx,
    'invitations',
    INVITATION_COLUMNS,
    rows.map((row) => ({
      tenant_id: row.tenantId,
      id: row.id,
      email: row.email,
      role_id: row.roleId,
      team_id: row.teamId,
      token_hash: row.tokenHash,
      invited_by: row.invitedBy,
      expires_at: row.expiresAt.toISOString(),
      last_sent_at: row.lastSentAt.toISOString(),
      created_at: row.createdAt.toISOString(),
      updated_at: row.updatedAt.toISOString(),
    })),
  );
}

/**
 * Changes a pending invitation (resending, revoking and accepting only ever do); undefined when it
 * stopped being pending in the meantime, so two racing changes cannot both succeed.
 */
export async function updatePendingInvitation(
  tx: Tx,
  id: string,
  values: Partial<typeof invitations.$inferInsert>,
): Promise<Invitation | undefined> {
  const [row] = await tx
    .update(invitations)
    .set({ ...values, version: sql`${invitations.version} + 1` })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'pending')))
    .returning();
  return row;
}

/** Emails among `emails` that already have a pending invitation or a membership in this organization. */
export async function takenEmails(tx: Tx, emails: string[]): Promise<Map<string, 'member' | 'invited'>> {
  if (!emails.length) return new Map();
  // Driven by the list: one index probe per email (users.email, invitations' pending-email index), and
  // the whole list as one JSON parameter, so 50,000 emails stay one statement.
  const rows = await queryRows<{ email: string; state: 'member' | 'invited' | null }>(
    tx,
    sql`select e.email,
      case
        when exists (select 1 from ${users} u join ${memberships} m on m.user_id = u.id
          where u.email = e.email and m.tenant_id = current_tenant_id()) then 'member'
        when exists (select 1 from ${invitations} i
          where i.email = e.email and i.status = 'pending' and i.tenant_id = current_tenant_id()) then 'invited'
      end as state
    from jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb) as e(email)`,
  );
  return new Map(rows.filter((row) => row.state !== null).map((row) => [row.email, row.state!]));
}

// Joining an organization from an invitation (the accept-invitation use case).

export async function findAccount(tx: Tx, email: string): Promise<User | undefined> {
  const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

export async function insertAccount(
  tx: Tx,
  values: { email: string; name: string; passwordHash: string },
): Promise<User> {
  const [user] = await tx.insert(users).values(values).returning();
  return user!;
}

export async function isMember(tx: Tx, userId: string, tenantId: string): Promise<boolean> {
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)))
    .limit(1);
  return member !== undefined;
}

export async function insertMembership(
  tx: Tx,
  values: { tenantId: string; userId: string; roleId: string },
): Promise<void> {
  await tx.insert(memberships).values(values);
}
