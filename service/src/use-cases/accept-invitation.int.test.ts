import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { count, eq } from 'drizzle-orm';
import { invitations, memberships, users } from '../core/db/schema.js';
import { newId } from '../core/db/columns.js';
import type { Services } from '../core/module/module.js';
import { issueToken } from '../modules/invitations/invitations.commands.js';
import {
  buildOrganization,
  setTenantStatus,
  TEST_PASSWORD,
  type TestOrganization,
} from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import { acceptInvitation } from './accept-invitation.js';

describe('accepting an invitation (use case)', () => {
  let app: TestApp;
  let org: TestOrganization;
  let services: Services;
  const PLATFORM = { tenantId: null, platform: true } as const;

  /** A pending invitation whose link the test knows (the real one only travels by email). */
  const invite = async (email: string) => {
    const id = newId();
    const { token, tokenHash } = issueToken(id);
    await app.database.db.transaction({ tenantId: org.tenantId, platform: true }, (tx) =>
      tx.insert(invitations).values({
        tenantId: org.tenantId,
        id,
        email,
        roleId: org.roles.sales_rep.id,
        teamId: org.teamId,
        tokenHash,
        invitedBy: org.admin.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      }),
    );
    return token;
  };
  const accept = (token: string) =>
    acceptInvitation({
      db: app.database.db,
      services,
      token,
      name: 'Ivy Invitee',
      password: TEST_PASSWORD,
      ip: null,
      userAgent: 'jest',
    });
  const accountsWith = async (email: string) => {
    const [row] = await app.database.db.transaction(PLATFORM, (tx) =>
      tx.select({ n: count() }).from(users).where(eq(users.email, email)),
    );
    return row!.n;
  };

  beforeAll(async () => {
    app = await startTestApp();
    org = await buildOrganization(app.database.db);
    services = { queue: app.queue, config: app.config, callers: { forget: () => undefined } };
  });
  afterAll(async () => {
    await app?.close();
  });

  it('joins the organization and its team once, however many times the link is used at the same time', async () => {
    const token = await invite('ivy@example.test');
    const outcomes = await Promise.allSettled([accept(token), accept(token), accept(token)]);
    const joined = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(joined).toHaveLength(1);
    expect(joined[0]!.value.body).toMatchObject({
      user: { email: 'ivy@example.test', name: 'Ivy Invitee' },
      tenant: { id: org.tenantId },
      permissions: expect.arrayContaining(['tasks.view_assigned']),
    });
    expect(await accountsWith('ivy@example.test')).toBe(1);
    const userId = joined[0]!.value.body.user.id;
    const rows = await app.database.db.transaction(PLATFORM, (tx) =>
      tx.select().from(memberships).where(eq(memberships.userId, userId)),
    );
    expect(rows).toHaveLength(1);
    await expect(accept(token)).rejects.toMatchObject({
      code: 'invalid_invitation',
      message: 'This invitation is already used',
    });
  });

  it('refuses a link to a suspended organization and writes nothing', async () => {
    const token = await invite('late@example.test');
    await setTenantStatus(app.database.db, org.tenantId, 'suspended');
    try {
      await expect(accept(token)).rejects.toMatchObject({
        code: 'invalid_invitation',
        message: 'This organization is suspended',
      });
    } finally {
      await setTenantStatus(app.database.db, org.tenantId, 'active');
    }
    expect(await accountsWith('late@example.test')).toBe(0);
  });
});
