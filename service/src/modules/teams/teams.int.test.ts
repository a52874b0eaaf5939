import { describe, expect, it } from '@jest/globals';
import { signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { waitForEmail } from '../../test/outbox.js';
import { useOrganizationApp } from '../../test/suite.js';

interface Team {
  id: string;
  name: string;
  version: number;
  members: { userId: string; role: string }[];
}

describe('teams', () => {
  const suite = useOrganizationApp({ organizationName: 'Globex' });

  it('creates, renames (with versions) and deletes teams; names are unique ignoring case', async () => {
    const team = await json<Team>(
      await suite.admin.post('/api/v1/teams', { name: 'East', description: 'East coast' }),
    );
    expect((await suite.admin.post('/api/v1/teams', { name: 'east' })).status).toBe(409);
    const renamed = await json<Team>(
      await suite.admin.patch(`/api/v1/teams/${team.id}`, { version: team.version, name: 'North East' }),
    );
    expect(renamed).toMatchObject({ name: 'North East', version: team.version + 1 });
    expect(
      (await suite.admin.patch(`/api/v1/teams/${team.id}`, { version: team.version, name: 'Stale' })).status,
    ).toBe(409);
    expect((await suite.admin.delete(`/api/v1/teams/${team.id}`)).status).toBe(204);
    expect((await suite.admin.get('/api/v1/teams')).status).toBe(200);
  });

  it('adds members and managers, emails the person added, and removes them', async () => {
    const team = await json<Team>(await suite.admin.post('/api/v1/teams', { name: 'Enterprise' }));
    const added = await json<Team>(
      await suite.admin.post(`/api/v1/teams/${team.id}/members`, { userId: suite.org.otherRep.id }),
    );
    expect(added.members).toEqual([
      expect.objectContaining({ userId: suite.org.otherRep.id, role: 'member' }),
    ]);
    const mail = await waitForEmail(suite.app, suite.org.otherRep.email, /added to Enterprise/);
    expect(mail.text).toContain('Globex');
    const promoted = await json<Team>(
      await suite.admin.post(`/api/v1/teams/${team.id}/members`, {
        userId: suite.org.otherRep.id,
        role: 'manager',
      }),
    );
    expect(promoted.members[0]?.role).toBe('manager');
    const removed = await json<Team>(
      await suite.admin.delete(`/api/v1/teams/${team.id}/members/${suite.org.otherRep.id}`),
    );
    expect(removed.members).toEqual([]);
  });

  it('scopes a manager to the teams they manage: add members there, not managers, not elsewhere', async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    const visible = await json<{ items: Team[] }>(await manager.get('/api/v1/teams'));
    expect(visible.items.map((team) => team.id)).toEqual([suite.org.teamId]);
    expect(
      (await manager.post(`/api/v1/teams/${suite.org.teamId}/members`, { userId: suite.org.otherRep.id }))
        .status,
    ).toBe(200);
    const asManager = await manager.post(`/api/v1/teams/${suite.org.teamId}/members`, {
      userId: suite.org.otherRep.id,
      role: 'manager',
    });
    expect(asManager.status).toBe(403);
    const elsewhere = await json<Team>(await suite.admin.post('/api/v1/teams', { name: 'Not yours' }));
    expect(
      (await manager.post(`/api/v1/teams/${elsewhere.id}/members`, { userId: suite.org.otherRep.id })).status,
    ).toBe(404);
    const users = await json<{ items: { id: string }[] }>(await manager.get('/api/v1/users'));
    expect(users.items.map((user) => user.id).sort()).toEqual(
      [suite.org.manager.id, suite.org.rep.id, suite.org.otherRep.id].sort(),
    );
  });

  it('refuses a manager adding someone who outranks them (the Org Admin), so they can never manage them', async () => {
    const manager = await signIn(suite.app.url, suite.org.manager);
    const response = await manager.post(`/api/v1/teams/${suite.org.teamId}/members`, {
      userId: suite.org.admin.id,
    });
    expect(response.status).toBe(403);
    expect(await json(response)).toMatchObject({ code: 'team_member_outranks_you' });
    const team = await json<Team>(
      await suite.admin.get('/api/v1/teams').then(async (r) => {
        const { items } = await json<{ items: Team[] }>(r);
        return Response.json(items.find((t) => t.id === suite.org.teamId));
      }),
    );
    expect(team.members.map((member) => member.userId)).not.toContain(suite.org.admin.id);
    // Nor demote a co-manager by adding them again as a member.
    const coManager = suite.org.otherRep.id;
    await suite.admin.post(`/api/v1/teams/${suite.org.teamId}/members`, {
      userId: coManager,
      role: 'manager',
    });
    const demoted = await manager.post(`/api/v1/teams/${suite.org.teamId}/members`, { userId: coManager });
    expect(demoted.status).toBe(403);
    expect(await json(demoted)).toMatchObject({ code: 'team_manager_needs_admin' });
    await suite.admin.delete(`/api/v1/teams/${suite.org.teamId}/members/${coManager}`);
    // A rep is still theirs to add.
    expect(
      (await manager.post(`/api/v1/teams/${suite.org.teamId}/members`, { userId: suite.org.otherRep.id }))
        .status,
    ).toBe(200);
  });

  it('shows a rep only the teams they are in', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    const { items } = await json<{ items: Team[] }>(await rep.get('/api/v1/teams'));
    expect(items.map((team) => team.id)).toEqual([suite.org.teamId]);
  });
});
