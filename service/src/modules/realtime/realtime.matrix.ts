import { expect } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { json } from '../../test/http-client.js';
import { get, type ModuleMatrix, NO_TENANT, row, signedIn } from '../../matrix/matrix.js';

/** Each route of this module, with the status every kind of caller gets. */
export const matrix: ModuleMatrix = {
  routes: [
    // Every member of the organization sees who of it is online.
    row(
      'GET',
      '/api/v1/presence',
      signedIn(200, { superAdmin: 409, support: 409 }),
      get('/api/v1/presence'),
      NO_TENANT,
    ),
  ],
  isolation: {
    lists: ['/api/v1/presence'],
    probes: [],
    filters: [],
    // The rep outside "West" online, as a process holding their connection writes it; its heartbeat is
    // an hour ahead so that it stays fresh however long the suite runs.
    seed: async ({ app, org }) => {
      await app.database.db.transaction({ tenantId: org.tenantId }, (tx) =>
        tx.execute(sql`insert into presence (tenant_id, user_id, instance_id, heartbeat_at)
          values (${org.tenantId}, ${org.otherRep.id}, 'matrix', now() + interval '1 hour')`),
      );
      return { 'online member': org.otherRep.id };
    },
    unchanged: async ({ admin }) => {
      const { items } = await json<{ items: { name: string }[] }>(await admin.get('/api/v1/presence'));
      expect(items.map((item) => item.name)).toEqual(['Sam Rep']);
    },
  },
};
