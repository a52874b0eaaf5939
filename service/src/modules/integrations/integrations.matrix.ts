import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { json } from '../../test/http-client.js';
import {
  admin,
  allow,
  CALLERS,
  everyone,
  expectStatus,
  get,
  idOf,
  type ModuleMatrix,
  row,
} from '../../matrix/matrix.js';

const bindTeams = async (w: Parameters<typeof admin>[0]) =>
  expectStatus<{ id: string }>(
    await admin(w).post('/api/v1/integrations/teams/tenants', { tenantId: randomUUID() }),
    201,
  );

/** Connecting chat platforms is `org.manage_integrations` (Org Admins); Slack's own check is in slack tests. */
export const matrix: ModuleMatrix = {
  routes: [
    // The Slack install needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: 503 here, after
    // the permission check (slack-install.int.test.ts runs it configured).
    row('GET', '/slack/install', allow({ orgAdmin: 503 }), get('/slack/install'), {
      orgAdmin: 'service_unavailable',
    }),
    row(
      'GET',
      '/slack/oauth_redirect',
      everyone(503),
      get('/slack/oauth_redirect?code=nope&state=nope'),
      Object.fromEntries(CALLERS.map((caller) => [caller, 'service_unavailable'])),
    ),
    // The body is refused (422) only after the permission check: nobody else gets past 403.
    row(
      'POST',
      '/api/v1/integrations/slack/workspaces',
      allow({ orgAdmin: 422 }),
      (w, c) =>
        w.client(c).post('/api/v1/integrations/slack/workspaces', { teamId: 'not a team', botToken: 'x' }),
      { orgAdmin: 'validation_failed' },
    ),
    row(
      'GET',
      '/api/v1/integrations/slack/workspaces',
      allow({ orgAdmin: 200 }),
      get('/api/v1/integrations/slack/workspaces'),
    ),
    row(
      'DELETE',
      '/api/v1/integrations/slack/workspaces/:id',
      allow({ orgAdmin: 404 }),
      (w, c) => w.client(c).delete(`/api/v1/integrations/slack/workspaces/${randomUUID()}`),
      { orgAdmin: 'not_found' },
    ),
    row('POST', '/api/v1/integrations/teams/tenants', allow({ orgAdmin: 201 }), (w, c) =>
      w.client(c).post('/api/v1/integrations/teams/tenants', { tenantId: randomUUID() }),
    ),
    row(
      'GET',
      '/api/v1/integrations/teams/tenants',
      allow({ orgAdmin: 200 }),
      get('/api/v1/integrations/teams/tenants'),
    ),
    row('DELETE', '/api/v1/integrations/teams/tenants/:id', allow({ orgAdmin: 204 }), async (w, c) =>
      w.client(c).delete(`/api/v1/integrations/teams/tenants/${(await bindTeams(w)).id}`),
    ),
  ],
  isolation: {
    lists: ['/api/v1/integrations/teams/tenants'],
    probes: [['DELETE', '/api/v1/integrations/teams/tenants/<Teams tenant>']],
    filters: ['/api/v1/audit-logs?entity=chat_workspace:<Teams tenant>'],
    seed: async ({ admin: orgAdmin }) => {
      const bound = await expectStatus<{ id: string }>(
        await orgAdmin.post('/api/v1/integrations/teams/tenants', { tenantId: randomUUID() }),
        201,
      );
      return { 'Teams tenant': bound.id };
    },
    unchanged: async (tenant) => {
      const list = await json<{ items: { id: string }[] }>(
        await tenant.admin.get('/api/v1/integrations/teams/tenants'),
      );
      expect(list.items.map((item) => item.id)).toContain(idOf(tenant, 'Teams tenant'));
    },
  },
};
