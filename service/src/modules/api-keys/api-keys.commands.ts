import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../core/audit/audit.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantPermission } from '../../core/identity/permissions.js';
import { hashToken, randomToken } from '../../core/identity/secrets.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import { assertWithinCreator } from './api-keys.policy.js';
import { presentApiKey } from './api-keys.presenter.js';
import * as repo from './api-keys.repo.js';
import type { ApiKey } from './api-keys.tables.js';

type Command = CommandInput;

/** A new key and its whole secret, which exists only in this answer. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

export async function createApiKey({
  actor,
  tx,
  name,
  permissions,
}: Command & { name: string; permissions: TenantPermission[] }): Promise<CreatedApiKey> {
  assertWithinCreator(actor, permissions);
  // `ck_<prefix>_<secret>`: the prefix finds the row and is shown in lists; only the secret's hash is kept.
  const prefix = randomBytes(6).toString('hex');
  const secret = randomToken(32);
  const key = await repo.insertKey(tx, {
    tenantId: actor.tenantId,
    name,
    prefix,
    secretHash: hashToken(secret),
    permissions: [...new Set(permissions)],
    createdBy: actor.userId,
  });
  await recordAudit(tx, actor.tenantId, {
    action: 'api_key.created',
    entityType: 'api_key',
    entityId: key.id,
    after: presentApiKey(key),
  });
  return { key, secret: `ck_${prefix}_${secret}` };
}

export function listApiKeys({ actor, tx }: Command): Promise<ApiKey[]> {
  return repo.listVisibleKeys(tx, actor);
}

/** Revokes a key at once on this instance (and on the others when the change commits). */
export async function revokeApiKey({
  actor,
  tx,
  services,
  apiKeyId,
}: Command & { services: Services; apiKeyId: string }): Promise<ApiKey> {
  const existing = await repo.findVisibleKey(tx, actor, apiKeyId);
  if (!existing) throw AppError.notFound('API key');
  const revoked = await repo.revokeKey(tx, apiKeyId);
  if (!revoked) return existing;
  await recordAudit(tx, actor.tenantId, {
    action: 'api_key.revoked',
    entityType: 'api_key',
    entityId: apiKeyId,
    before: presentApiKey(existing),
    after: presentApiKey(revoked),
  });
  services.callers.forget(`api_key:${apiKeyId}`);
  return revoked;
}
