import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { invitations, tenants } from '../core/db/schema.js';
import type { Actor } from '../core/identity/actor.js';
import { PLATFORM_ROLE_PERMISSIONS, type PlatformRole } from '../core/identity/permissions.js';
import type { Services } from '../core/module/module.js';
import { buildPlatformUser } from '../test/factories.js';
import { waitForEmail } from '../test/outbox.js';
import { startTestApp, type TestApp } from '../test/test-app.js';
import { createOrganization } from './create-organization.js';

describe('creating an organization (use case)', () => {
  let app: TestApp;
  let services: Services;
  const platformActor = async (role: PlatformRole): Promise<Actor> => {
    const person = await buildPlatformUser(app.database.db, role);
    return {
      userId: person.id,
      email: person.email,
      name: person.name,
      tenantId: null,
      membershipId: null,
      roleId: null,
      platformRole: role,
      permissions: new Set(PLATFORM_ROLE_PERMISSIONS[role]),
      via: 'web',
      sessionId: null,
      apiKeyId: null,
    };
  };
  const organizationsNamed = (name: string) =>
    app.database.db.transaction({ tenantId: null, platform: true }, (tx) =>
      tx.select().from(tenants).where(eq(tenants.name, name)),
    );
  beforeAll(async () => {
    app = await startTestApp();
    services = { queue: app.queue, config: app.config, callers: { forget: () => undefined } };
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates the organization with its roles and emails its first admin an Org Admin invitation', async () => {
    const actor = await platformActor('super_admin');
    const created = await createOrganization({
      actor,
      db: app.database.db,
      services,
      name: 'Stark Industries',
      slug: 'stark',
      plan: 'pro',
      adminEmail: 'pepper@stark.test',
    });
    expect(created.organization).toMatchObject({ tenant: { slug: 'stark', plan: 'pro' }, memberCount: 0 });
    expect(created.adminRole).toMatchObject({
      builtInKey: 'org_admin',
      tenantId: created.organization.tenant.id,
    });
    expect(created.invitation).toMatchObject({
      email: 'pepper@stark.test',
      roleId: created.adminRole.id,
      status: 'pending',
      invitedBy: actor.userId,
    });
    const mail = await waitForEmail(app, 'pepper@stark.test', /Stark Industries/);
    expect(mail.text).toContain('Org Admin');
  });

  it('refuses support staff, and a taken slug, writing nothing', async () => {
    const support = await platformActor('support');
    const input = { db: app.database.db, services, name: 'Wayne', slug: 'wayne', plan: 'free' };
    await expect(
      createOrganization({ ...input, actor: support, adminEmail: 'bruce@wayne.test' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const actor = await platformActor('super_admin');
    await createOrganization({ ...input, actor, adminEmail: 'bruce@wayne.test' });
    await expect(
      createOrganization({ ...input, actor, name: 'Wayne Again', adminEmail: 'alfred@wayne.test' }),
    ).rejects.toMatchObject({ code: 'tenant_slug_taken' });
    expect(await organizationsNamed('Wayne')).toHaveLength(1);
    expect(await organizationsNamed('Wayne Again')).toEqual([]);
    const alfred = await app.database.db.transaction({ tenantId: null, platform: true }, (tx) =>
      tx.select().from(invitations).where(eq(invitations.email, 'alfred@wayne.test')),
    );
    expect(alfred).toEqual([]);
  });
});
