import { afterAll, beforeAll } from '@jest/globals';
import type { SQL } from 'drizzle-orm';
import { queryRows } from '../core/db/database.js';
import { buildOrganization, signIn, type TestOrganization } from './factories.js';
import type { TestClient } from './http-client.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface OrganizationSuite {
  app: TestApp;
  org: TestOrganization;
  /** The organization's admin, signed in. */
  admin: TestClient;
}

/**
 * The usual set-up of an HTTP test file: one app, one organization, its admin signed in; closed after
 * the file. The returned object is filled in `beforeAll`, so read it inside tests only.
 */
export function useOrganizationApp(
  options: TestAppOptions & { organizationName?: string } = {},
): OrganizationSuite {
  const suite = {} as OrganizationSuite;
  beforeAll(async () => {
    suite.app = await startTestApp(options);
    suite.org = await buildOrganization(
      suite.app.database.db,
      options.organizationName ? { name: options.organizationName } : {},
    );
    suite.admin = await signIn(suite.app.url, suite.org.admin);
  });
  afterAll(async () => {
    await suite.app?.close();
  });
  return suite;
}

/**
 * The rows of one query run in a tenant (the suite organization's by default), row-level security on, as a
 * test reads what a request stored.
 */
export function tenantRows(suite: OrganizationSuite) {
  return <T>(query: SQL, tenantId: string = suite.org.tenantId): Promise<T[]> =>
    suite.app.database.db.transaction({ tenantId }, (tx) => queryRows<T>(tx, query));
}
