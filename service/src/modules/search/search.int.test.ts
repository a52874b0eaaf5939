import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { crmFixtures } from '../../use-cases/crm-fixtures.js';

interface Result {
  type: string;
  id: string;
  name: string;
  subtitle: string;
  score: number;
}

describe('GET /api/v1/search', () => {
  const suite = useOrganizationApp();
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;
  const ids = {} as Record<
    'acme' | 'acmeIndustries' | 'globex' | 'deleted' | 'initech' | 'hank' | 'deal' | 'initechDeal',
    string
  >;
  let strangerGlobex: string;
  let strangerAdmin: TestClient;

  const search = async (client: TestClient, query: string) => {
    const response = await client.get(`/api/v1/search?${query}`);
    expect(response.status).toBe(200);
    return (await json<{ items: Result[] }>(response)).items;
  };
  const names = (items: Result[]) => items.map((item) => item.name);

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
    const crm = await crmFixtures(suite.app.database.db, suite.org.tenantId);
    const mine = suite.org.rep.id;
    ids.acme = await crm.customer({ name: 'Acme Corp', ownerId: mine, domains: ['acme.example'] });
    ids.acmeIndustries = await crm.customer({ name: 'Acme Industries International', ownerId: mine });
    ids.globex = await crm.customer({ name: 'Globex', ownerId: mine, domains: ['globex.example'] });
    ids.deleted = await crm.customer({ name: 'Acme Trashed', ownerId: mine, deletedAt: new Date() });
    ids.initech = await crm.customer({ name: 'Initech', ownerId: suite.org.otherRep.id });
    ids.hank = await crm.contact({
      name: 'Hank Scorpio',
      ownerId: mine,
      title: 'CEO',
      customerId: ids.globex,
    });
    ids.deal = await crm.opportunity({ name: 'Globex expansion', ownerId: mine, customerId: ids.globex });
    ids.initechDeal = await crm.opportunity({
      name: 'Initech renewal',
      ownerId: suite.org.otherRep.id,
      customerId: ids.initech,
    });
    // Another organization with its own Globex.
    const stranger = await buildOrganization(suite.app.database.db, { name: 'Stranger Things Inc' });
    strangerAdmin = await signIn(suite.app.url, stranger.admin);
    const theirs = await crmFixtures(suite.app.database.db, stranger.tenantId);
    strangerGlobex = await theirs.customer({ name: 'Globex', ownerId: stranger.rep.id });
  });

  it('finds Globex from the typo "globx", and Acme Corp from the prefix "acm", best match first', async () => {
    const globx = await search(rep, 'q=globx');
    expect(globx[0]).toMatchObject({
      type: 'customer',
      id: ids.globex,
      name: 'Globex',
      subtitle: 'globex.example',
    });
    expect(globx).toContainEqual(
      expect.objectContaining({ type: 'opportunity', id: ids.deal, subtitle: 'Globex' }),
    );
    const acm = await search(rep, 'q=acm');
    expect(names(acm).slice(0, 2)).toEqual(['Acme Corp', 'Acme Industries International']);
    expect(acm[0]!.score).toBeGreaterThan(acm[1]!.score);
    expect(names(await search(rep, 'q=initeck'))).toEqual([]);
    expect(names(await search(otherRep, 'q=initeck'))).toEqual(['Initech', 'Initech renewal']);
  });

  it('ranks an exact name above names that merely contain the words', async () => {
    const items = await search(suite.admin, 'q=Acme%20Corp');
    expect(items[0]).toMatchObject({ id: ids.acme });
    const industries = await search(suite.admin, 'q=acme%20intern');
    expect(industries[0]).toMatchObject({ id: ids.acmeIndustries });
    expect(names(await search(suite.admin, 'q=scorp'))).toEqual(['Hank Scorpio']);
    expect((await search(suite.admin, 'q=hank'))[0]).toMatchObject({ type: 'contact', subtitle: 'CEO' });
  });

  it('filters by type and limits the answer', async () => {
    expect((await search(rep, 'q=globex&types=opportunity')).map((item) => item.type)).toEqual([
      'opportunity',
    ]);
    expect(await search(rep, 'q=globex&types=contact')).toEqual([]);
    expect(await search(rep, 'q=acme&limit=1')).toHaveLength(1);
    const bad = await json<{ errors: { path: string }[] }>(
      await rep.get('/api/v1/search?q=acme&types=invoice'),
    );
    expect(bad.errors.map((error) => error.path)).toEqual(['query.types.0']);
  });

  it('shows only what the caller may see: not the trash, not outside their scope, never another organization', async () => {
    expect(names(await search(rep, 'q=acme'))).not.toContain('Acme Trashed');
    expect(names(await search(rep, 'q=initech'))).toEqual([]);
    expect(names(await search(manager, 'q=acme')).slice(0, 2)).toEqual([
      'Acme Corp',
      'Acme Industries International',
    ]);
    expect(names(await search(manager, 'q=initech'))).toEqual([]);
    expect(names(await search(suite.admin, 'q=initech'))).toEqual(['Initech', 'Initech renewal']);
    for (const client of [rep, suite.admin]) {
      const found = (await search(client, 'q=globx')).map((item) => item.id);
      expect(found).toContain(ids.globex);
      expect(found).not.toContain(strangerGlobex);
    }
    const theirs = (await search(strangerAdmin, 'q=globx')).map((item) => item.id);
    expect(theirs).toEqual([strangerGlobex]);
  });

  it('reads the query as words only: search syntax is text, and nothing searchable is a 422 on q', async () => {
    const injected = await search(suite.admin, `q=${encodeURIComponent("acme:* | !globex & '(")}`);
    expect(names(injected)).toEqual([]);
    expect(names(await search(suite.admin, `q=${encodeURIComponent('  ACME,  corp! ')}`))[0]).toBe(
      'Acme Corp',
    );
    const empty = await rep.get(`/api/v1/search?q=${encodeURIComponent('%_*')}`);
    expect(empty.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(empty)).errors[0]?.path).toBe('query.q');
    expect((await rep.get('/api/v1/search')).status).toBe(422);
  });
});
