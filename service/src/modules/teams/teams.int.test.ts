import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { waitForEmail } from '../../test/outbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

interface Team {
  id: string;
  name: string;
  version: number;
  members: { userId: string; role: string }[];
}

describe('teams', () => {
  let app: TestApp;
  let org: TestOrganization;
  let admin: TestClient;
  beforeAll(async () => {
    app = await startTestApp();
    org = await buildOrganization(app.database.db, { name: 'Globex' });
    admin = await signIn(app.url, org.admin);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates, renames (with versions) and deletes teams; names are unique ignoring case', async () => {
    const team = await json<Team>(
      await admin.post('/api/v1/teams', { name: 'East', description: 'East coast' }),
    );
    expect((await admin.post('/api/v1/teams', { name: 'east' })).status).toBe(409);
    const renamed = await json<Team>(
      await admin.patch(`/api/v1/teams/${team.id}`, { version: team.version, name: 'North East' }),
    );
    expect(renamed).toMatchObject({ name: 'North East', version: team.version + 1 });
    expect(
      (await admin.patch(`/api/v1/teams/${team.id}`, { version: team.version, name: 'Stale' })).status,
    ).toBe(409);
    expect((await admin.delete(`/api/v1/teams/${team.id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/teams')).status).toBe(200);
  });

  it('adds members and managers, emails the person added, and removes them', async () => {
    const team = await json<Team>(await admin.post('/api/v1/teams', { name: 'Enterprise' }));
    const added = await json<Team>(
      await admin.post(`/api/v1/teams/${team.id}/members`, { userId: org.otherRep.id }),
    );
    expect(added.members).toEqual([expect.objectContaining({ userId: org.otherRep.id, role: 'member' })]);
    const mail = await waitForEmail(app, org.otherRep.email, /added to Enterprise/);
    expect(mail.text).toContain('Globex');
    const promoted = await json<Team>(
      await admin.post(`/api/v1/teams/${team.id}/members`, { userId: org.otherRep.id, role: 'manager' }),
    );
    expect(promoted.members[0]?.role).toBe('manager');
    const removed = await json<Team>(
      await admin.delete(`/api/v1/teams/${team.id}/members/${org.otherRep.id}`),
    );
    expect(removed.members).toEqual([]);
  });

  it('scopes a manager to the teams they manage: add members there, not managers, not elsewhere', async () => {
    const manager = await signIn(app.url, org.manager);
    const visible = await json<{ items: Team[] }>(await manager.get('/api/v1/teams'));
    expect(visible.items.map((team) => team.id)).toEqual([org.teamId]);
    expect(
      (await manager.post(`/api/v1/teams/${org.teamId}/members`, { userId: org.otherRep.id })).status,
    ).toBe(200);
    const asManager = await manager.post(`/api/v1/teams/${org.teamId}/members`, {
      userId: org.otherRep.id,
      role: 'manager',
    });
    expect(asManager.status).toBe(403);
    const elsewhere = await json<Team>(await admin.post('/api/v1/teams', { name: 'Not yours' }));
    expect(
      (await manager.post(`/api/v1/teams/${elsewhere.id}/members`, { userId: org.otherRep.id })).status,
    ).toBe(404);
    const users = await json<{ items: { id: string }[] }>(await manager.get('/api/v1/users'));
    expect(users.items.map((user) => user.id).sort()).toEqual(
      [org.manager.id, org.rep.id, org.otherRep.id].sort(),
    );
  });

  it('shows a rep only the teams they are in', async () => {
    const rep = await signIn(app.url, org.rep);
    const { items } = await json<{ items: Team[] }>(await rep.get('/api/v1/teams'));
    expect(items.map((team) => team.id)).toEqual([org.teamId]);
  });
});
