import { inTenant } from '../../core/context/unit-of-work.js';
import type { Tx } from '../../core/db/database.js';
import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { asPlatform } from '../../core/platform/as-platform.js';
import * as commands from './audit.commands.js';
import { AUDIT_PERMISSIONS, tenantLogPath } from './audit.policy.js';
import { presentAuditEntry, presentAuditPage, presentPlatformAuditEntry } from './audit.presenter.js';
import { auditFiltersOf, AuditPage, AuditQuery } from './audit.schema.js';

/**
 * Both routes are `authenticated`, not `tenant`: platform staff read from outside any organization, and
 * the policy decides which transaction a read of an organization's log opens (`tenantLogPath`): the
 * reader's own tenant transaction (read-only, as the router opens it for GETs), or `asPlatform`'s, which
 * also writes the read to the platform's log. Either way the command gets the transaction and opens none.
 */
export function auditRoutes(deps: ModuleDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/audit-logs',
      summary: "Read the organization's audit log (platform staff: any organization)",
      tags: ['Audit'],
      access: 'authenticated',
      permissions: AUDIT_PERMISSIONS.readTenantLog,
      request: { query: AuditQuery },
      responses: {
        200: { description: 'Entries, newest first', schema: AuditPage },
        404: { description: 'Another organization (for anyone but platform staff)' },
      },
      handler: async ({ actor, query }) => {
        const filters = auditFiltersOf(query);
        const read = (tx: Tx) => commands.readTenantLog({ actor, tx, ...filters });
        const reach = tenantLogPath(actor, filters.tenantId);
        const page =
          reach.path === 'platform'
            ? await asPlatform(deps.db, actor, commands.tenantLogReadEntry(filters), read)
            : await inTenant(deps.db, reach.actor, read, { readOnly: true });
        return { body: presentAuditPage(page, presentAuditEntry) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/audit-logs',
      summary: "Read the platform's own audit log",
      tags: ['Platform'],
      access: 'authenticated',
      permissions: AUDIT_PERMISSIONS.readPlatformLog,
      request: { query: AuditQuery },
      responses: { 200: { description: 'Entries, newest first', schema: AuditPage } },
      handler: async ({ actor, query }) => {
        const filters = auditFiltersOf(query);
        const page = await asPlatform(deps.db, actor, commands.platformLogReadEntry(filters), (tx) =>
          commands.readPlatformLog({ actor, tx, ...filters }),
        );
        return { body: presentAuditPage(page, presentPlatformAuditEntry) };
      },
    }),
  ];
}
