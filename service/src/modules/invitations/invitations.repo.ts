import { and, desc, eq, sql } from 'drizzle-orm';
import { bulkInsert } from '../../core/db/bulk-insert.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import {
  invitations,
  memberships,
  roles,
  teams,
  tenants,
  users,
  type Invitation,
} from '../../core/db/schema.js';

export async function findInvitation(tx: Tx, id: string) {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  return row;
}

/** The invitation with what its email and acceptance need: organization, role, team, inviter. */
export async function findInvitationDetails(tx: Tx, id: string) {
  const [row] = await tx
    .select({ invitation: invitations, tenant: tenants, role: roles, team: teams, inviter: users })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .innerJoin(roles, and(eq(roles.tenantId, invitations.tenantId), eq(roles.id, invitations.roleId)))
    .leftJoin(teams, and(eq(teams.tenantId, invitations.tenantId), eq(teams.id, invitations.teamId)))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.id, id))
    .limit(1);
  return row;
}

export function listInvitations(tx: Tx, status?: 'pending' | 'accepted' | 'revoked') {
  return tx
    .select({ invitation: invitations, role: roles })
    .from(invitations)
    .innerJoin(roles, and(eq(roles.tenantId, invitations.tenantId), eq(roles.id, invitations.roleId)))
    .where(status ? eq(invitations.status, status) : undefined)
    .orderBy(desc(invitations.createdAt));
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

export async function updateInvitation(tx: Tx, id: string, values: Partial<typeof invitations.$inferInsert>) {
  const [row] = await tx
    .update(invitations)
    .set({ ...values, version: sql`${invitations.version} + 1` })
    .where(eq(invitations.id, id))
    .returning();
  return row!;
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
