import type { CreatedApiKey } from './api-keys.commands.js';
import type { ApiKey } from './api-keys.tables.js';

export function presentApiKey(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    prefix: `ck_${key.prefix}`,
    permissions: key.permissions,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
export type ApiKeyView = ReturnType<typeof presentApiKey>;

/** The one answer that carries the whole secret. */
export function presentCreatedApiKey({ key, secret }: CreatedApiKey) {
  return { apiKey: presentApiKey(key), secret };
}
