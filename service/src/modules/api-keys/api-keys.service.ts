import { randomBytes } from 'node:crypto';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AuthContext } from '../../core/identity/actor.js';
import {
  isTenantPermission,
  type Permission,
  type TenantPermission,
} from '../../core/identity/permissions.js';
import { hashToken, randomToken, safeEqual } from '../../core/identity/secrets.js';
import * as repo from './api-keys.repo.js';
import { presentApiKey } from './api-keys.presenter.js';

const KEY_FORMAT = /^ck_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Resolves a bearer key to its caller, or undefined for anything that does not check out. */
export async function authenticateApiKey(
  deps: { db: Database },
  bearer: string,
): Promise<AuthContext | undefined> {
  const match = KEY_FORMAT.exec(bearer);
  if (!match) return undefined;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const row = await deps.db.transaction({ tenantId: null, system: 'auth' }, (tx) =>
    repo.findKeyForAuth(tx, prefix),
  );
  if (!row || !safeEqual(row.key.secretHash, hashToken(secret))) return undefined;
  const usable =
    !row.key.revokedAt &&
    row.tenant.status === 'active' &&
    row.creator.status === 'active' &&
    row.membership.status === 'active';
  if (!usable) return undefined;
  // A key never holds more than its creator does today: a demoted creator demotes their keys.
  const creatorHolds = new Set(row.role.permissions);
  const permissions = new Set<Permission>(
    row.key.permissions.filter((p): p is TenantPermission => isTenantPermission(p) && creatorHolds.has(p)),
  );
  if (!row.key.lastUsedAt || Date.now() - row.key.lastUsedAt.getTime() > 60_000) {
    await deps.db.transaction({ tenantId: row.tenant.id }, (tx) => repo.touchKey(tx, row.key.id));
  }
  return {
    userId: row.creator.id,
    email: row.creator.email,
    name: row.creator.name,
    tenantId: row.tenant.id,
    membershipId: row.membership.id,
    roleId: row.role.id,
    platformRole: null,
    permissions,
    via: 'api',
    sessionId: null,
    apiKeyId: row.key.id,
  };
}

function requireTenant(auth: AuthContext): string {
  if (!auth.tenantId)
    throw new AppError('no_tenant', { message: 'Switch to an organization first' });
  return auth.tenantId;
}

export async function createApiKey(
  deps: { db: Database },
  auth: AuthContext,
  input: { name: string; permissions: TenantPermission[] },
) {
  const tenantId = requireTenant(auth);
  const lacking = input.permissions.filter((permission) => !auth.permissions.has(permission));
  if (lacking.length) {
    throw new AppError('forbidden', {
      message: `A key cannot hold permissions you do not have: ${lacking.join(', ')}`,
    });
  }
  const prefix = randomBytes(6).toString('hex');
  const secret = randomToken(32);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const key = await repo.insertKey(tx, {
      tenantId,
      name: input.name,
      prefix,
      secretHash: hashToken(secret),
      permissions: [...new Set(input.permissions)],
      createdBy: auth.userId,
    });
    await recordAudit(tx, tenantId, {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: key.id,
      after: presentApiKey(key),
    });
    return { apiKey: presentApiKey(key), secret: `ck_${prefix}_${secret}` };
  });
}

export async function listApiKeys(deps: { db: Database }, auth: AuthContext) {
  const tenantId = requireTenant(auth);
  const keys = await deps.db.transaction({ tenantId, userId: auth.userId }, (tx) => repo.listKeys(tx));
  return keys.map(presentApiKey);
}

export async function revokeApiKey(deps: { db: Database }, auth: AuthContext, id: string) {
  const tenantId = requireTenant(auth);
  return deps.db.transaction({ tenantId, userId: auth.userId }, async (tx) => {
    const existing = await repo.findKey(tx, id);
    if (!existing) throw AppError.notFound('API key');
    const revoked = (await repo.revokeKey(tx, id)) ?? existing;
    if (!existing.revokedAt) {
      await recordAudit(tx, tenantId, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: id,
        before: presentApiKey(existing),
        after: presentApiKey(revoked),
      });
    }
    return presentApiKey(revoked);
  });
}
