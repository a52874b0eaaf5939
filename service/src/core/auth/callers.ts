import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import {
  PLATFORM_ROLE_PERMISSIONS,
  isTenantPermission,
  type Permission,
  type PlatformRole,
} from '../identity/permissions.js';
import { hashToken, safeEqual } from '../identity/secrets.js';
import type { Logger } from '../logger.js';
import {
  API_KEY_CALLER,
  SESSION_CALLER,
  type ApiKeyCallerRow,
  type SessionCallerRow,
} from './callers.sql.js';
import { createLastSeen } from './last-seen.js';

/** The NOTIFY channel of migration 0009: `<kind>:<id>` of a changed session, user, role... */
export const ACCESS_CHANNEL = 'closer_access';
const AUTH_SCOPE = { tenantId: null, system: 'auth' } as const;
const KEY_FORMAT = /^ck_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

interface Entry {
  actor: Actor;
  expiresAt: number;
  /** `<kind>:<id>` of every row the caller was resolved from. */
  dependsOn: string[];
}

export interface CallerResolver {
  /** The caller behind a session token; undefined when it is unknown or has ended. */
  bySession(token: string): Promise<Actor | undefined>;
  /** The caller behind an API key; undefined for anything that does not check out. */
  byApiKey(bearer: string): Promise<Actor | undefined>;
  /**
   * Forgets callers resolved from a row (`session:<id>`, `user:<id>`...) in this process at once; other
   * processes hear of it through NOTIFY when the change commits.
   */
  forget(dependency: string): void;
  close(): Promise<void>;
}

/**
 * Resolves credentials to callers in one round trip and keeps them for `ttlMs`. Any change to a row a
 * caller came from (a revoked session, a suspended organization, a changed role) reaches every instance
 * through Postgres NOTIFY and evicts it; while the listener is down nothing is cached.
 */
export async function createCallerResolver(options: {
  db: Database;
  logger: Logger;
  sessionIdleMinutes: number;
  ttlMs?: number;
}): Promise<CallerResolver> {
  const { db } = options;
  const ttlMs = options.ttlMs ?? 5_000;
  const entries = new Map<string, Entry>();
  const byDependency = new Map<string, Set<string>>();
  let trusted = true;
  const lastSeen = createLastSeen({ db, logger: options.logger });

  const forget = (dependency: string) => {
    for (const key of byDependency.get(dependency) ?? []) entries.delete(key);
    byDependency.delete(dependency);
  };
  const forgetAll = () => {
    entries.clear();
    byDependency.clear();
  };
  const stopListening = await db.listen(ACCESS_CHANNEL, {
    onMessage: forget,
    onLost() {
      trusted = false;
      forgetAll();
      options.logger.warn('access change listener lost; caching callers is off until it is back');
    },
    onRestored() {
      forgetAll();
      trusted = true;
    },
  });

  const remember = (key: string, actor: Actor, dependsOn: string[], until: number) => {
    if (!trusted) return;
    entries.set(key, { actor, dependsOn, expiresAt: Math.min(Date.now() + ttlMs, until) });
    for (const dependency of dependsOn) {
      let keys = byDependency.get(dependency);
      if (!keys) byDependency.set(dependency, (keys = new Set()));
      keys.add(key);
    }
  };
  const cached = (key: string): Actor | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.actor;
    entries.delete(key);
    return undefined;
  };

  return {
    async bySession(token) {
      const tokenHash = hashToken(token);
      const key = `session-token:${tokenHash}`;
      const hit = cached(key);
      if (hit) {
        lastSeen.session(hit.sessionId!);
        return hit;
      }
      const idleSince = new Date(Date.now() - options.sessionIdleMinutes * 60_000);
      const [row] = await db.read<SessionCallerRow>(AUTH_SCOPE, SESSION_CALLER, [tokenHash, idleSince]);
      if (!row || row.user_status !== 'active') return undefined;
      const actor = sessionActor(row);
      lastSeen.session(row.session_id, row.last_seen_at);
      const dependsOn = [`session:${row.session_id}`, `user:${row.user_id}`];
      if (row.membership_id) dependsOn.push(`membership:${row.membership_id}`);
      if (row.role_id) dependsOn.push(`role:${row.role_id}`);
      if (row.active_tenant_id) dependsOn.push(`tenant:${row.active_tenant_id}`);
      remember(key, actor, dependsOn, new Date(row.expires_at).getTime());
      return actor;
    },
    async byApiKey(bearer) {
      const match = KEY_FORMAT.exec(bearer);
      if (!match) return undefined;
      const key = `api-key:${hashToken(bearer)}`;
      const hit = cached(key);
      if (hit) {
        lastSeen.apiKey(hit.tenantId!, hit.apiKeyId!);
        return hit;
      }
      const [, prefix, secret] = match as unknown as [string, string, string];
      const [row] = await db.read<ApiKeyCallerRow>(AUTH_SCOPE, API_KEY_CALLER, [prefix]);
      if (!row || !safeEqual(row.secret_hash, hashToken(secret))) return undefined;
      const usable =
        !row.revoked_at &&
        row.tenant_status === 'active' &&
        row.user_status === 'active' &&
        row.membership_status === 'active';
      if (!usable) return undefined;
      lastSeen.apiKey(row.tenant_id, row.key_id, row.last_used_at);
      const actor = apiKeyActor(row);
      const dependsOn = [
        `api_key:${row.key_id}`,
        `user:${row.user_id}`,
        `membership:${row.membership_id}`,
        `role:${row.role_id}`,
        `tenant:${row.tenant_id}`,
      ];
      remember(key, actor, dependsOn, Number.POSITIVE_INFINITY);
      return actor;
    },
    forget,
    async close() {
      await stopListening();
      await lastSeen.close();
      forgetAll();
    },
  };
}

/** Permissions of a platform role plus those of the caller's role in a usable organization. */
export function permissionsOf(
  platformRole: PlatformRole | null,
  tenantPermissions: readonly string[],
): Set<Permission> {
  const permissions = new Set<Permission>(platformRole ? PLATFORM_ROLE_PERMISSIONS[platformRole] : []);
  for (const permission of tenantPermissions) if (isTenantPermission(permission)) permissions.add(permission);
  return permissions;
}

function sessionActor(row: SessionCallerRow): Actor {
  if (row.active_tenant_id) {
    if (!row.membership_id || row.membership_status !== 'active') {
      throw new AppError('unauthenticated', { message: 'Your access to this organization has ended' });
    }
    if (row.tenant_status !== 'active') {
      throw new AppError('tenant_suspended', { message: 'Your organization is suspended' });
    }
  }
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    tenantId: row.active_tenant_id,
    membershipId: row.membership_id,
    roleId: row.role_id,
    platformRole: row.platform_role,
    permissions: permissionsOf(row.platform_role, row.active_tenant_id ? (row.permissions ?? []) : []),
    via: 'web',
    sessionId: row.session_id,
    apiKeyId: null,
  };
}

function apiKeyActor(row: ApiKeyCallerRow): Actor {
  // A key never holds more than its creator does today: a demoted creator demotes their keys.
  const creatorHolds = new Set(row.role_permissions);
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    tenantId: row.tenant_id,
    membershipId: row.membership_id,
    roleId: row.role_id,
    platformRole: null,
    permissions: permissionsOf(
      null,
      row.key_permissions.filter((permission) => creatorHolds.has(permission)),
    ),
    via: 'api',
    sessionId: null,
    apiKeyId: row.key_id,
  };
}
