/**
 * The actor of work a member started and a job finishes later (an import, an export): the member as they
 * are now, with their role's permissions today, so a demotion or removal since then takes effect.
 */
import { sql } from 'drizzle-orm';
import { permissionsOf } from '../auth/callers.js';
import { queryRows, type Tx } from '../db/database.js';
import type { TenantActor, Via } from './actor.js';

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  membership_id: string;
  role_id: string;
  permissions: string[];
}

/** The active member `userId` of the transaction's organization, or null when they no longer are one. */
export async function memberActor(
  tx: Tx,
  tenantId: string,
  userId: string,
  via: Via,
): Promise<TenantActor | null> {
  const [row] = await queryRows<MemberRow>(
    tx,
    sql`select u.id as user_id, u.email, u.name, m.id as membership_id, r.id as role_id, r.permissions
          from memberships m
          join users u on u.id = m.user_id
          join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
         where m.tenant_id = ${tenantId} and m.user_id = ${userId} and m.status = 'active' and u.status = 'active'`,
  );
  if (!row) return null;
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    tenantId,
    membershipId: row.membership_id,
    roleId: row.role_id,
    platformRole: null,
    permissions: permissionsOf(null, row.permissions),
    via,
    sessionId: null,
    apiKeyId: null,
  };
}
