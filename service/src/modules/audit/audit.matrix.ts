import { allow, get, type ModuleMatrix, row } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Audit: org.view_audit_logs (own organization) or platform.access_audit_logs (any)
    row(
      'GET',
      '/api/v1/audit-logs',
      allow({ orgAdmin: 200, superAdmin: 200, support: 200 }),
      get('/api/v1/audit-logs'),
    ),
    // The platform's own log: platform.access_audit_logs
    row(
      'GET',
      '/api/v1/platform/audit-logs',
      allow({ superAdmin: 200, support: 200 }),
      get('/api/v1/platform/audit-logs'),
    ),
  ],
  isolation: {
    lists: ['/api/v1/audit-logs?limit=500'],
    // Another organization's log: the same 404 whether it exists or not.
    probes: [['GET', '/api/v1/audit-logs?tenantId=<tenant>', undefined, 'audit_tenant_not_visible']],
    filters: ['/api/v1/audit-logs?actor=<admin>'],
  },
};
