import { describe, expect, it } from '@jest/globals';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

describe('roles and permissions', () => {
  const suite = useOrganizationApp();

  it("lists every organization permission with the spec's exact strings", async () => {
    const { items } = await json<{ items: { key: string }[] }>(await suite.admin.get('/api/v1/permissions'));
    expect(items.map((permission) => permission.key)).toEqual(
      expect.arrayContaining([
        'org.manage_users',
        'team.assign_tasks',
        'tasks.update_assigned',
        'notifications.receive_assigned',
      ]),
    );
    expect(items).toHaveLength(24);
    expect(items.some((permission) => permission.key.startsWith('platform.'))).toBe(false);
  });

  it('gives built-in roles exactly the spec arrays and refuses to change or delete them', async () => {
    const { items } = await json<{
      items: { id: string; builtInKey: string | null; permissions: string[]; version: number }[];
    }>(await suite.admin.get('/api/v1/roles'));
    const rep = items.find((role) => role.builtInKey === 'sales_rep')!;
    expect(rep.permissions).toEqual([
      'opportunities.manage_assigned',
      'customers.manage_assigned',
      'interactions.create_own',
      'tasks.view_assigned',
      'tasks.update_assigned',
      'data.import_customers',
      'dashboard.view_personal',
      'notifications.receive_assigned',
    ]);
    expect((await suite.admin.delete(`/api/v1/roles/${rep.id}`)).status).toBe(409);
    expect(
      (await suite.admin.patch(`/api/v1/roles/${rep.id}`, { version: rep.version, name: 'Renamed' })).status,
    ).toBe(409);
  });

  it('creates, renames and deletes a custom role, with optimistic versions', async () => {
    const created = await json<{ id: string; version: number }>(
      await suite.admin.post('/api/v1/roles', { name: 'Auditor', permissions: ['org.view_audit_logs'] }),
    );
    const taken = await suite.admin.post('/api/v1/roles', {
      name: 'auditor',
      permissions: ['org.view_audit_logs'],
    });
    expect(taken.status).toBe(409);
    expect((await json(taken)).code).toBe('role_name_taken');
    const renamed = await suite.admin.patch(`/api/v1/roles/${created.id}`, {
      version: created.version,
      name: 'Compliance',
    });
    expect(renamed.status).toBe(200);
    const stale = await suite.admin.patch(`/api/v1/roles/${created.id}`, {
      version: created.version,
      name: 'Late',
    });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({
      code: 'stale_version',
      current: { name: 'Compliance', version: created.version + 1 },
    });
    expect((await suite.admin.delete(`/api/v1/roles/${created.id}`)).status).toBe(204);
    expect((await suite.admin.delete(`/api/v1/roles/${created.id}`)).status).toBe(404);
  });

  it('refuses to delete a role in use', async () => {
    const role = await json<{ id: string }>(
      await suite.admin.post('/api/v1/roles', { name: 'Closer', permissions: ['tasks.view_assigned'] }),
    );
    const rep = await json<{ version: number }>(
      await suite.admin.get(`/api/v1/users/${suite.org.otherRep.id}`),
    );
    expect(
      (
        await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, {
          version: rep.version,
          roleId: role.id,
        })
      ).status,
    ).toBe(200);
    const refused = await suite.admin.delete(`/api/v1/roles/${role.id}`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).code).toBe('role_in_use');
  });

  it('lets nobody grant an org permission they do not hold', async () => {
    const limited = await buildOrganization(suite.app.database.db);
    const limitedAdmin = await signIn(suite.app.url, limited.admin);
    const role = await json<{ id: string }>(
      await limitedAdmin.post('/api/v1/roles', {
        name: 'User admin',
        permissions: ['org.manage_users', 'org.assign_roles'],
      }),
    );
    const me = await json<{ version: number }>(await limitedAdmin.get(`/api/v1/users/${limited.manager.id}`));
    await limitedAdmin.patch(`/api/v1/users/${limited.manager.id}`, { version: me.version, roleId: role.id });
    const delegate = await signIn(suite.app.url, limited.manager);
    const escalation = await delegate.post('/api/v1/roles', {
      name: 'Auditor plus',
      permissions: ['org.view_audit_logs'],
    });
    expect(escalation.status).toBe(403);
    expect((await json(escalation)).detail).toContain('org.view_audit_logs');
    const { items } = await json<{ items: { id: string; builtInKey: string | null }[] }>(
      await delegate.get('/api/v1/roles'),
    );
    const orgAdmin = items.find((r) => r.builtInKey === 'org_admin')!;
    const target = await json<{ version: number }>(await delegate.get(`/api/v1/users/${limited.rep.id}`));
    const promote = await delegate.patch(`/api/v1/users/${limited.rep.id}`, {
      version: target.version,
      roleId: orgAdmin.id,
    });
    expect(promote.status).toBe(403);
  });

  it("changes its holders' access at once when a role's permissions change", async () => {
    const org = await buildOrganization(suite.app.database.db);
    const admin = await signIn(suite.app.url, org.admin);
    const role = await json<{ id: string; version: number }>(
      await admin.post('/api/v1/roles', { name: 'People ops', permissions: ['org.manage_users'] }),
    );
    await admin.patch(`/api/v1/users/${org.otherRep.id}`, { version: 1, roleId: role.id });
    const holder = await signIn(suite.app.url, org.otherRep);
    expect((await holder.get('/api/v1/users')).status).toBe(200);
    const narrowed = await admin.patch(`/api/v1/roles/${role.id}`, {
      version: role.version,
      permissions: ['tasks.view_assigned'],
    });
    expect(narrowed.status).toBe(200);
    expect((await holder.get('/api/v1/users')).status).toBe(403);
  });

  it('keeps the last active Org Admin, and nobody changes their own role or status', async () => {
    const solo = await buildOrganization(suite.app.database.db);
    const soloAdmin = await signIn(suite.app.url, solo.admin);
    const self = await soloAdmin.patch(`/api/v1/users/${solo.admin.id}`, {
      version: 1,
      status: 'deactivated',
    });
    expect(self.status).toBe(403);
    expect((await json(self)).code).toBe('self_change');
    const role = await json<{ id: string }>(
      await soloAdmin.post('/api/v1/roles', { name: 'People ops', permissions: ['org.manage_users'] }),
    );
    await soloAdmin.patch(`/api/v1/users/${solo.manager.id}`, { version: 1, roleId: role.id });
    const peopleOps = await signIn(suite.app.url, solo.manager);
    const soloAdminRecord = await json<{ version: number }>(
      await peopleOps.get(`/api/v1/users/${solo.admin.id}`),
    );
    const lockout = await peopleOps.patch(`/api/v1/users/${solo.admin.id}`, {
      version: soloAdminRecord.version,
      status: 'deactivated',
    });
    expect(lockout.status).toBe(409);
    expect((await json(lockout)).code).toBe('last_admin');
  });
});
