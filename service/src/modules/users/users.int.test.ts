import { describe, expect, it } from '@jest/globals';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

interface Member {
  id: string;
  status: string;
  roleId: string;
  teams: { id: string; name: string; role: string }[];
  version: number;
}

interface Page {
  items: Member[];
  nextCursor: string | null;
}

describe('users', () => {
  const suite = useOrganizationApp();

  it('lists members a page at a time, by team and by search, and refuses a made-up cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await json<Page>(
        await suite.admin.get(`/api/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((member) => member.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(
      [suite.org.admin.id, suite.org.manager.id, suite.org.rep.id, suite.org.otherRep.id].sort(),
    );
    const west = await json<Page>(await suite.admin.get(`/api/v1/users?teamId=${suite.org.teamId}`));
    expect(west.items.map((member) => member.id).sort()).toEqual(
      [suite.org.manager.id, suite.org.rep.id].sort(),
    );
    const riley = await json<Page>(await suite.admin.get('/api/v1/users?q=riley'));
    expect(riley.items.map((member) => member.id)).toEqual([suite.org.rep.id]);
    const bad = await suite.admin.get('/api/v1/users?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(422);
  });

  it('shows a rep only themselves, and a manager their team and themselves (404 beyond)', async () => {
    const rep = await signIn(suite.app.url, suite.org.rep);
    expect((await rep.get(`/api/v1/users/${suite.org.rep.id}`)).status).toBe(200);
    expect((await rep.get(`/api/v1/users/${suite.org.otherRep.id}`)).status).toBe(404);
    expect((await rep.get('/api/v1/users')).status).toBe(403);
    const manager = await signIn(suite.app.url, suite.org.manager);
    expect((await manager.get(`/api/v1/users/${suite.org.rep.id}`)).status).toBe(200);
    expect((await manager.get(`/api/v1/users/${suite.org.otherRep.id}`)).status).toBe(404);
  });

  it('replaces the teams of a member, refusing a team of another organization', async () => {
    const other = await buildOrganization(suite.app.database.db);
    const before = await json<Member>(await suite.admin.get(`/api/v1/users/${suite.org.otherRep.id}`));
    const refused = await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, {
      version: before.version,
      teamIds: [other.teamId],
    });
    expect(refused.status).toBe(422);
    const moved = await json<Member>(
      await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, {
        version: before.version,
        teamIds: [suite.org.teamId],
      }),
    );
    expect(moved).toMatchObject({ version: before.version + 1, teams: [{ id: suite.org.teamId }] });
    const back = await json<Member>(
      await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, {
        version: moved.version,
        teamIds: [],
      }),
    );
    expect(back.teams).toEqual([]);
    const stale = await suite.admin.patch(`/api/v1/users/${suite.org.otherRep.id}`, {
      version: moved.version,
      teamIds: [],
    });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ code: 'stale_version', current: { version: back.version } });
  });

  it('ends access at once: a deactivated member is signed out, a demoted one loses the permission', async () => {
    const org = await buildOrganization(suite.app.database.db);
    const admin = await signIn(suite.app.url, org.admin);
    const manager = await signIn(suite.app.url, org.manager);
    expect((await manager.get('/api/v1/users')).status).toBe(200);
    let record = await json<Member>(await admin.get(`/api/v1/users/${org.manager.id}`));
    record = await json<Member>(
      await admin.patch(`/api/v1/users/${org.manager.id}`, {
        version: record.version,
        roleId: org.roles.sales_rep.id,
      }),
    );
    expect((await manager.get('/api/v1/users')).status).toBe(403);
    await admin.patch(`/api/v1/users/${org.manager.id}`, { version: record.version, status: 'deactivated' });
    expect((await manager.get(`/api/v1/users/${org.manager.id}`)).status).toBe(401);
  });

  it('names the rule when someone changes their own role or status', async () => {
    const me = await json<Member>(await suite.admin.get(`/api/v1/users/${suite.org.admin.id}`));
    const self = await suite.admin.patch(`/api/v1/users/${suite.org.admin.id}`, {
      version: me.version,
      roleId: suite.org.roles.sales_rep.id,
    });
    expect(self.status).toBe(403);
    expect((await json(self)).code).toBe('self_change');
  });
});
