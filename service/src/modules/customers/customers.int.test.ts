import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { inTenant } from '../../core/context/unit-of-work.js';
import { queryRows } from '../../core/db/database.js';
import { actorFor, buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { createCustomer } from './customers.commands.js';

interface Customer {
  id: string;
  name: string;
  domains: string[];
  tags: string[];
  status: string;
  annualRevenue: string | null;
  owner: { id: string; name: string };
  mergedIntoId: string | null;
  deletedAt: string | null;
  version: number;
}

interface Page {
  items: Customer[];
  nextCursor: string | null;
}

describe('customers', () => {
  const suite = useOrganizationApp({ organizationName: 'Initech' });
  const as = (person: 'rep' | 'otherRep' | 'manager') => signIn(suite.app.url, suite.org[person]);
  const create = async (client: TestClient, body: object) => {
    const response = await client.post('/api/v1/customers', body);
    expect(response.status).toBe(201);
    return json<Customer>(response);
  };
  const eventsOf = (id: string) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      queryRows<{ name: string; via: string; actor_id: string }>(
        tx,
        sql`select name, via, actor_id from domain_events where stream_id = ${id} order by position`,
      ),
    );
  const auditOf = (id: string) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      queryRows<{ action: string }>(
        tx,
        sql`select action from audit_logs where entity_id = ${id} order by created_at`,
      ),
    );

  it('creates a customer owned by its creator, with normalized domains and exact revenue, and reads it back', async () => {
    const rep = await as('rep');
    const customer = await create(rep, {
      name: 'Acme Corp',
      domains: ['https://www.Acme.com/about', 'acme.com', 'acme.io'],
      industry: 'manufacturing',
      tags: ['Key account', 'key account', 'EMEA'],
      sizeBand: '201-1000',
      annualRevenue: '12500000.50',
      revenueCurrency: 'eur',
      country: 'de',
    });
    expect(customer).toMatchObject({
      name: 'Acme Corp',
      domains: ['acme.com', 'acme.io'],
      tags: ['key account', 'EMEA'],
      annualRevenue: '12500000.50',
      status: 'prospect',
      owner: { id: suite.org.rep.id, name: suite.org.rep.name },
      version: 1,
    });
    expect(await json(await rep.get(`/api/v1/customers/${customer.id}`))).toEqual(customer);
    expect((await eventsOf(customer.id)).map((event) => event.name)).toEqual(['customer.created']);
    expect(await auditOf(customer.id)).toEqual([{ action: 'customer.created' }]);
    const log = await json<{ items: { action: string; via: string }[] }>(
      await suite.admin.get(`/api/v1/audit-logs?entity=customer:${customer.id}`),
    );
    expect(log.items).toEqual([expect.objectContaining({ action: 'customer.created', via: 'web' })]);
  });

  it.each([
    [{ name: '' }, 'body.name'],
    [{ name: 'X', annualRevenue: '10.123' }, 'body.annualRevenue'],
    [{ name: 'X', annualRevenue: -5 }, 'body.annualRevenue'],
    [{ name: 'X', revenueCurrency: 'XYZ' }, 'body.revenueCurrency'],
    [{ name: 'X', country: 'QQ' }, 'body.country'],
    [{ name: 'X', domains: ['not a domain'] }, 'body.domains.0'],
    [{ name: 'X', status: 'lead' }, 'body.status'],
    [{ name: 'X', ownerId: '0190a0a0-0000-7000-8000-000000000000' }, 'body.ownerId'],
    [{ name: 'X', teamId: '0190a0a0-0000-7000-8000-000000000000' }, 'body.teamId'],
    [{ name: 'X', customFields: { no_such_field: 1 } }, 'body.customFields.no_such_field'],
  ])('refuses %j with 422 naming %s, storing nothing', async (body, path) => {
    const before = await json<Page>(await suite.admin.get('/api/v1/customers?limit=200'));
    const response = await suite.admin.post('/api/v1/customers', body);
    expect(response.status).toBe(422);
    const problem = await json<{ errors: { path: string }[] }>(response);
    expect(problem.errors.map((error) => error.path)).toContain(path);
    const after = await json<Page>(await suite.admin.get('/api/v1/customers?limit=200'));
    expect(after.items.length).toBe(before.items.length);
  });

  it('lets a rep assign only to themselves, a manager only within their team', async () => {
    const rep = await as('rep');
    const toOther = await rep.post('/api/v1/customers', { name: 'Not mine', ownerId: suite.org.otherRep.id });
    expect(toOther.status).toBe(422);
    const manager = await as('manager');
    expect(
      (await manager.post('/api/v1/customers', { name: 'Team', ownerId: suite.org.rep.id })).status,
    ).toBe(201);
    expect(
      (await manager.post('/api/v1/customers', { name: 'Outside', ownerId: suite.org.otherRep.id })).status,
    ).toBe(422);
  });

  it('shows each caller their record scope: rep their own, manager their team, admin everything; others get 404', async () => {
    const rep = await as('rep');
    const otherRep = await as('otherRep');
    const manager = await as('manager');
    const repsCustomer = await create(rep, { name: 'Scope Rep Co' });
    const othersCustomer = await create(otherRep, { name: 'Scope Other Co' });
    const names = async (client: TestClient) =>
      (await json<Page>(await client.get('/api/v1/customers?q=scope'))).items.map((c) => c.name);
    expect(await names(rep)).toEqual(['Scope Rep Co']);
    expect(await names(otherRep)).toEqual(['Scope Other Co']);
    expect(await names(manager)).toEqual(['Scope Rep Co']);
    expect(await names(suite.admin)).toEqual(['Scope Other Co', 'Scope Rep Co']);
    expect((await otherRep.get(`/api/v1/customers/${repsCustomer.id}`)).status).toBe(404);
    expect(
      (await otherRep.patch(`/api/v1/customers/${repsCustomer.id}`, { version: 1, name: 'Mine now' })).status,
    ).toBe(404);
    expect((await otherRep.delete(`/api/v1/customers/${repsCustomer.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/customers/${othersCustomer.id}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/customers/${repsCustomer.id}`)).status).toBe(200);
  });

  it('answers a stale version with 409 and the current record, and records an assignment as its own event', async () => {
    const customer = await create(suite.admin, { name: 'Versioned Inc' });
    const renamed = await json<Customer>(
      await suite.admin.patch(`/api/v1/customers/${customer.id}`, { version: 1, name: 'Versioned Ltd' }),
    );
    expect(renamed).toMatchObject({ name: 'Versioned Ltd', version: 2 });
    const stale = await suite.admin.patch(`/api/v1/customers/${customer.id}`, { version: 1, name: 'Lost' });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({
      code: 'stale_version',
      current: { name: 'Versioned Ltd', version: 2 },
    });
    const assigned = await json<Customer>(
      await suite.admin.patch(`/api/v1/customers/${customer.id}`, { version: 2, ownerId: suite.org.rep.id }),
    );
    expect(assigned.owner.id).toBe(suite.org.rep.id);
    expect((await eventsOf(customer.id)).map((event) => event.name)).toEqual([
      'customer.created',
      'customer.updated',
      'customer.updated',
      'customer.assigned',
    ]);
  });

  it('pages through customers by name with a cursor, and refuses a made-up cursor', async () => {
    for (const name of ['Page A', 'Page B', 'Page C', 'Page D', 'Page E'])
      await create(suite.admin, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/customers?q=page%20&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = await json<Page>(await suite.admin.get(query));
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Page A', 'Page B', 'Page C', 'Page D', 'Page E']);
    expect((await suite.admin.get('/api/v1/customers?cursor=nonsense')).status).toBe(422);
  });

  it('moves a customer to the trash and back: gone from lists and reads, listed in the trash, restorable', async () => {
    const rep = await as('rep');
    const customer = await create(rep, { name: 'Trash Me' });
    expect((await rep.delete(`/api/v1/customers/${customer.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/customers/${customer.id}`)).status).toBe(404);
    const live = await json<Page>(await rep.get('/api/v1/customers?q=trash'));
    expect(live.items).toEqual([]);
    const trash = await json<Page>(await rep.get('/api/v1/customers?deleted=true&q=trash'));
    expect(trash.items.map((item) => item.id)).toEqual([customer.id]);
    expect((await (await as('otherRep')).post(`/api/v1/customers/${customer.id}/restore`, {})).status).toBe(
      404,
    );
    const restored = await json<Customer>(await rep.post(`/api/v1/customers/${customer.id}/restore`, {}));
    expect(restored).toMatchObject({ id: customer.id, deletedAt: null });
    expect((await rep.post(`/api/v1/customers/${customer.id}/restore`, {})).status).toBe(404);
    expect((await eventsOf(customer.id)).map((event) => event.name)).toEqual([
      'customer.created',
      'customer.deleted',
      'customer.restored',
    ]);
  });

  it('merges duplicates: contacts links and history move to the target, sources go to the trash', async () => {
    const target = await create(suite.admin, {
      name: 'Umbrella',
      domains: ['umbrella.com'],
      tags: ['pharma'],
    });
    const source = await create(suite.admin, {
      name: 'Umbrella Corp',
      domains: ['umbrella.co.uk'],
      tags: ['bio'],
    });
    const { tenantId } = suite.org;
    const contact = await suite.admin.post('/api/v1/contacts', {
      name: 'Jill Valentine',
      customers: [{ customerId: source.id, role: 'champion' }],
    });
    expect(contact.status).toBe(201);
    const call = await suite.admin.post('/api/v1/interactions', { type: 'call', customerId: source.id });
    expect(call.status).toBe(201);
    const merged = await json<Customer>(
      await suite.admin.post('/api/v1/customers/merge', { targetId: target.id, sourceIds: [source.id] }),
    );
    expect(merged).toMatchObject({
      id: target.id,
      domains: ['umbrella.com', 'umbrella.co.uk'],
      tags: ['pharma', 'bio'],
    });
    const moved = await suite.app.database.db.transaction({ tenantId }, (tx) =>
      queryRows<{ links: number; interactions: number }>(
        tx,
        sql`select (select count(*)::int from contact_customers where customer_id = ${target.id}) as links,
          (select count(*)::int from interactions where customer_id = ${target.id}) as interactions`,
      ),
    );
    expect(moved).toEqual([{ links: 1, interactions: 1 }]);
    const trash = await json<Page>(await suite.admin.get('/api/v1/customers?deleted=true&q=umbrella'));
    expect(trash.items).toEqual([expect.objectContaining({ id: source.id, mergedIntoId: target.id })]);
    expect((await eventsOf(target.id)).map((event) => event.name)).toContain('customer.merged');
  });

  it('shows a rep the customer of a deal given to them, read-only; the owner side still changes it', async () => {
    const customer = await create(suite.admin, { name: 'Through A Deal Ltd' });
    const rep = await as('rep');
    expect((await rep.get(`/api/v1/customers/${customer.id}`)).status).toBe(404);
    const deal = await suite.admin.post('/api/v1/opportunities', {
      name: 'Given deal',
      customerId: customer.id,
      amount: '1000',
      ownerId: suite.org.rep.id,
    });
    expect(deal.status).toBe(201);
    expect((await rep.get(`/api/v1/customers/${customer.id}`)).status).toBe(200);
    const change = await rep.patch(`/api/v1/customers/${customer.id}`, { version: 1, name: 'Mine now' });
    expect(change.status).toBe(403);
    expect((await (await as('otherRep')).get(`/api/v1/customers/${customer.id}`)).status).toBe(404);
  });

  it("takes a deleted customer's deals and interactions to the trash with it, and brings them back", async () => {
    const customer = await create(suite.admin, { name: 'Cascade Co' });
    const deal = await json<{ id: string }>(
      await suite.admin.post('/api/v1/opportunities', {
        name: 'Cascade deal',
        customerId: customer.id,
        amount: '10',
      }),
    );
    const call = await json<{ id: string }>(
      await suite.admin.post('/api/v1/interactions', { type: 'call', customerId: customer.id }),
    );
    // Deleted before, on its own: stays deleted when the customer comes back.
    const old = await json<{ id: string }>(
      await suite.admin.post('/api/v1/opportunities', {
        name: 'Old deal',
        customerId: customer.id,
        amount: '5',
      }),
    );
    expect((await suite.admin.delete(`/api/v1/opportunities/${old.id}`)).status).toBe(204);
    expect((await suite.admin.delete(`/api/v1/customers/${customer.id}`)).status).toBe(204);
    expect((await suite.admin.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(404);
    expect((await suite.admin.get(`/api/v1/interactions/${call.id}`)).status).toBe(404);
    // Alone, the deal would have no customer to open: it comes back with its customer.
    expect((await suite.admin.post(`/api/v1/opportunities/${deal.id}/restore`, {})).status).toBe(409);
    expect((await suite.admin.post(`/api/v1/customers/${customer.id}/restore`, {})).status).toBe(200);
    expect((await suite.admin.get(`/api/v1/opportunities/${deal.id}`)).status).toBe(200);
    expect((await suite.admin.get(`/api/v1/interactions/${call.id}`)).status).toBe(200);
    expect((await suite.admin.get(`/api/v1/opportunities/${old.id}`)).status).toBe(404);
  });

  it('refuses restoring a customer that was merged away (409 customer_merged)', async () => {
    const target = await create(suite.admin, { name: 'Merge Keeper' });
    const source = await create(suite.admin, { name: 'Merge Dupe', industry: 'retail', country: 'FR' });
    const merged = await json<Customer & { industry: string; country: string }>(
      await suite.admin.post('/api/v1/customers/merge', { targetId: target.id, sourceIds: [source.id] }),
    );
    expect(merged).toMatchObject({ industry: 'retail', country: 'FR' });
    const restore = await suite.admin.post(`/api/v1/customers/${source.id}/restore`, {});
    expect(restore.status).toBe(409);
    expect(await json(restore)).toMatchObject({ code: 'customer_merged', mergedIntoId: target.id });
  });

  it('refuses merging a customer into itself, or with one of another organization (422)', async () => {
    const target = await create(suite.admin, { name: 'Self Merge' });
    const itself = await suite.admin.post('/api/v1/customers/merge', {
      targetId: target.id,
      sourceIds: [target.id],
    });
    expect(itself.status).toBe(422);
    const other = await buildOrganization(suite.app.database.db, { name: 'Elsewhere' });
    const otherAdmin = await signIn(suite.app.url, other.admin);
    const foreign = await create(otherAdmin, { name: 'Foreign' });
    const across = await suite.admin.post('/api/v1/customers/merge', {
      targetId: target.id,
      sourceIds: [foreign.id],
    });
    expect(across.status).toBe(422);
    expect(await json(across)).toMatchObject({ errors: [{ path: 'body.sourceIds.0' }] });
    expect((await otherAdmin.get(`/api/v1/customers/${foreign.id}`)).status).toBe(200);
  });

  it('writes the event and the audit entry in the command transaction: rolled back, neither exists', async () => {
    const actor = actorFor(suite.org, suite.org.admin, 'org_admin');
    let createdId = '';
    await expect(
      inTenant(suite.app.database.db, actor, async (tx) => {
        createdId = (await createCustomer({ actor, tx, name: 'Never Was' })).id;
        expect(
          await queryRows(tx, sql`select 1 from domain_events where stream_id = ${createdId}`),
        ).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(createdId).not.toBe('');
    expect(await eventsOf(createdId)).toEqual([]);
    expect(await auditOf(createdId)).toEqual([]);
  });
});
