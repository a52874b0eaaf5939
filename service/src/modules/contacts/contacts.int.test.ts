import { beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import {
  auditLogs,
  contactCustomers,
  customers,
  documents,
  domainEvents,
  interactionParticipants,
  interactions,
} from '../../core/db/schema.js';
import { actorFor, buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { createContact } from './contacts.commands.js';

interface Contact {
  id: string;
  name: string;
  title: string;
  emails: string[];
  phones: string[];
  owner: { id: string; name: string };
  customers: { customerId: string; name: string; role: string }[];
  customFields: Record<string, unknown>;
  mergedIntoId: string | null;
  deletedAt: string | null;
  version: number;
}
interface Page {
  items: Contact[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
  current?: Contact;
}

describe('contacts', () => {
  const suite = useOrganizationApp({ organizationName: 'Initech' });
  let rep: TestClient;
  let otherRep: TestClient;
  let manager: TestClient;

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    otherRep = await signIn(suite.app.url, suite.org.otherRep);
    manager = await signIn(suite.app.url, suite.org.manager);
  });

  const inTenant = <T>(work: Parameters<typeof suite.app.database.db.transaction<T>>[1]) =>
    suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, work);

  /** A customer row owned by `ownerId` (written directly: the customers module is tested on its own). */
  async function newCustomer(name: string, ownerId: string): Promise<string> {
    const [row] = await inTenant((tx) =>
      tx.insert(customers).values({ tenantId: suite.org.tenantId, name, ownerId }).returning(),
    );
    return row!.id;
  }

  const paths = async (response: Response) => {
    const problem = await json<Problem>(response);
    return { status: response.status, paths: problem.errors?.map((error) => error.path) };
  };

  it('creates, reads, updates with versions, deletes to the trash and restores', async () => {
    const globex = await newCustomer('Globex', suite.org.rep.id);
    const created = await rep.post('/api/v1/contacts', {
      name: 'Hank Scorpio',
      title: 'CEO',
      emails: ['Hank@Globex.test', 'hank.s@globex.test'],
      phones: ['+1 415 555 0100'],
      customers: [{ customerId: globex, role: 'decision_maker' }],
    });
    expect(created.status).toBe(201);
    const contact = await json<Contact>(created);
    expect(contact).toMatchObject({
      name: 'Hank Scorpio',
      emails: ['hank@globex.test', 'hank.s@globex.test'],
      owner: { id: suite.org.rep.id, name: 'Riley Rep' },
      customers: [{ customerId: globex, name: 'Globex', role: 'decision_maker' }],
      version: 1,
      deletedAt: null,
    });
    expect(await json(await rep.get(`/api/v1/contacts/${contact.id}`))).toEqual(contact);

    const updated = await json<Contact>(
      await rep.patch(`/api/v1/contacts/${contact.id}`, { version: 1, title: 'Chairman', customers: [] }),
    );
    expect(updated).toMatchObject({ title: 'Chairman', customers: [], version: 2 });
    const stale = await rep.patch(`/api/v1/contacts/${contact.id}`, { version: 1, title: 'Stale' });
    expect(stale.status).toBe(409);
    expect(await json<Problem>(stale)).toMatchObject({
      code: 'stale_version',
      current: { id: contact.id, title: 'Chairman', version: 2 },
    });

    expect((await rep.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(204);
    expect((await rep.get(`/api/v1/contacts/${contact.id}`)).status).toBe(404);
    expect((await rep.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(404);
    const live = await json<Page>(await rep.get('/api/v1/contacts'));
    expect(live.items.map((item) => item.id)).not.toContain(contact.id);
    const trash = await json<Page>(await rep.get('/api/v1/contacts?deleted=true'));
    expect(trash.items.map((item) => item.id)).toContain(contact.id);

    const restored = await rep.post(`/api/v1/contacts/${contact.id}/restore`);
    expect(restored.status).toBe(200);
    expect(await json(restored)).toMatchObject({ id: contact.id, deletedAt: null, version: 4 });
    expect((await rep.post(`/api/v1/contacts/${contact.id}/restore`)).status).toBe(404);
  });

  it('answers bad input with 422 naming the field', async () => {
    const othersCustomer = await newCustomer('Not Yours Inc', suite.org.otherRep.id);
    const mine = await newCustomer('Mine LLC', suite.org.rep.id);
    expect(await paths(await rep.post('/api/v1/contacts', { name: 'A', emails: ['not-an-email'] }))).toEqual({
      status: 422,
      paths: ['body.emails.0'],
    });
    expect(
      await paths(await rep.post('/api/v1/contacts', { name: 'A', emails: ['a@x.test', 'A@x.test'] })),
    ).toEqual({ status: 422, paths: ['body.emails.1'] });
    expect(await paths(await rep.post('/api/v1/contacts', { name: '', phones: ['call me'] }))).toEqual({
      status: 422,
      paths: ['body.name', 'body.phones.0'],
    });
    const links = [
      { customerId: mine, role: 'champion' },
      { customerId: othersCustomer, role: 'user' },
      { customerId: '01900000-0000-7000-8000-000000000000' },
    ];
    expect(await paths(await rep.post('/api/v1/contacts', { name: 'A', customers: links }))).toEqual({
      status: 422,
      paths: ['body.customers.1.customerId', 'body.customers.2.customerId'],
    });
    expect(
      await paths(
        await rep.post('/api/v1/contacts', { name: 'A', customers: [{ customerId: mine, role: 'boss' }] }),
      ),
    ).toEqual({ status: 422, paths: ['body.customers.0.role'] });
    expect(
      await paths(await rep.post('/api/v1/contacts', { name: 'A', ownerId: suite.org.otherRep.id })),
    ).toEqual({ status: 422, paths: ['body.ownerId'] });
    expect(
      await paths(await rep.post('/api/v1/contacts', { name: 'A', customFields: { shoeSize: 44 } })),
    ).toEqual({ status: 422, paths: ['body.customFields.shoeSize'] });
    expect(await paths(await rep.get('/api/v1/contacts?cursor=nonsense'))).toEqual({
      status: 422,
      paths: ['query.cursor'],
    });
  });

  it('scopes contacts: own, the team for managers, all for admins, and those at customers one sees', async () => {
    const contact = await json<Contact>(await rep.post('/api/v1/contacts', { name: 'Scoped Sally' }));
    for (const request of [
      otherRep.get(`/api/v1/contacts/${contact.id}`),
      otherRep.patch(`/api/v1/contacts/${contact.id}`, { version: 1, name: 'Mine now' }),
      otherRep.delete(`/api/v1/contacts/${contact.id}`),
    ]) {
      const response = await request;
      expect({ status: response.status, code: (await json<Problem>(response)).code }).toEqual({
        status: 404,
        code: 'not_found',
      });
    }
    const names = async (client: TestClient) =>
      (await json<Page>(await client.get('/api/v1/contacts?limit=200'))).items.map((item) => item.name);
    expect(await names(otherRep)).not.toContain('Scoped Sally');
    expect(await names(manager)).toContain('Scoped Sally');
    expect(await names(suite.admin)).toContain('Scoped Sally');
    expect((await manager.patch(`/api/v1/contacts/${contact.id}`, { version: 1, title: 'VP' })).status).toBe(
      200,
    );

    // otherRep's customer: a contact linked to it is theirs to see, but not the rep's other customers.
    const theirs = await newCustomer('Their Customer', suite.org.otherRep.id);
    const mine = await newCustomer('Rep Customer', suite.org.rep.id);
    const linked = await json<Contact>(
      await suite.admin.post('/api/v1/contacts', {
        name: 'Linked Larry',
        ownerId: suite.org.rep.id,
        customers: [
          { customerId: theirs, role: 'user' },
          { customerId: mine, role: 'champion' },
        ],
      }),
    );
    const seen = await json<Contact>(await otherRep.get(`/api/v1/contacts/${linked.id}`));
    expect(seen.customers).toEqual([{ customerId: theirs, name: 'Their Customer', role: 'user' }]);
    // Replacing the list replaces what they see; the link they cannot see stays.
    const replaced = await json<Contact>(
      await otherRep.patch(`/api/v1/contacts/${linked.id}`, {
        version: linked.version,
        customers: [{ customerId: theirs, role: 'influencer' }],
      }),
    );
    expect(replaced.customers).toEqual([{ customerId: theirs, name: 'Their Customer', role: 'influencer' }]);
    const all = await json<Contact>(await suite.admin.get(`/api/v1/contacts/${linked.id}`));
    expect(all.customers.map((link) => [link.name, link.role])).toEqual([
      ['Rep Customer', 'champion'],
      ['Their Customer', 'influencer'],
    ]);
  });

  it('lists by name with keyset pages, and filters by customer and by name or email', async () => {
    const acme = await newCustomer('Acme Filters', suite.org.admin.id);
    for (const [name, email] of [
      ['Zed Filter', 'zed@filters.test'],
      ['amy filter', 'amy@filters.test'],
      ['Bob Filter', 'bob@elsewhere.test'],
    ]) {
      await suite.admin.post('/api/v1/contacts', {
        name,
        emails: [email],
        customers: name === 'Bob Filter' ? [] : [{ customerId: acme, role: 'user' }],
      });
    }
    const first = await json<Page>(await suite.admin.get('/api/v1/contacts?q=FILTER&limit=2'));
    expect(first.items.map((item) => item.name)).toEqual(['amy filter', 'Bob Filter']);
    const second = await json<Page>(
      await suite.admin.get(`/api/v1/contacts?q=filter&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second).toMatchObject({ items: [{ name: 'Zed Filter' }], nextCursor: null });
    const byEmail = await json<Page>(await suite.admin.get('/api/v1/contacts?q=filters.test'));
    expect(byEmail.items.map((item) => item.name)).toEqual(['amy filter', 'Zed Filter']);
    const atAcme = await json<Page>(await suite.admin.get(`/api/v1/contacts?customerId=${acme}`));
    expect(atAcme.items.map((item) => item.name)).toEqual(['amy filter', 'Zed Filter']);
    const wildcard = await json<Page>(await suite.admin.get('/api/v1/contacts?q=%25'));
    expect(wildcard.items).toEqual([]);
  });

  it('merges duplicates: links (stronger role), participants and documents move; sources go to the trash', async () => {
    const globex = await newCustomer('Merge Globex', suite.org.rep.id);
    const initrode = await newCustomer('Merge Initrode', suite.org.rep.id);
    const make = async (body: object) => json<Contact>(await rep.post('/api/v1/contacts', { ...body }));
    const target = await make({
      name: 'Milton W',
      emails: ['milton@initech.test'],
      phones: ['555 0001'],
      customers: [{ customerId: globex, role: 'user' }],
    });
    const source = await make({
      name: 'Milton Waddams',
      emails: ['MILTON@initech.test', 'stapler@initech.test'],
      phones: ['555 0002'],
      customers: [
        { customerId: globex, role: 'decision_maker' },
        { customerId: initrode, role: 'influencer' },
      ],
    });
    const other = await make({ name: 'Milton (old)', customers: [{ customerId: globex, role: 'champion' }] });
    const tenantId = suite.org.tenantId;
    const [meeting, call] = await inTenant(async (tx) => {
      const rows = await tx
        .insert(interactions)
        .values(
          ['meeting', 'call'].map((type) => ({
            tenantId,
            type: type as 'meeting' | 'call',
            occurredAt: new Date(),
            ownerId: suite.org.rep.id,
          })),
        )
        .returning();
      await tx.insert(interactionParticipants).values([
        { tenantId, interactionId: rows[0]!.id, kind: 'contact', participantId: target.id },
        { tenantId, interactionId: rows[0]!.id, kind: 'contact', participantId: source.id },
        { tenantId, interactionId: rows[1]!.id, kind: 'contact', participantId: other.id },
      ]);
      await tx
        .insert(documents)
        .values({ tenantId, parentType: 'contact', parentId: source.id, name: 'stapler-receipt.pdf' });
      return rows;
    });

    // Bad merges first: into itself, unknown, and someone else's.
    const hidden = await json<Contact>(await otherRep.post('/api/v1/contacts', { name: 'Hidden' }));
    const stranger = await buildOrganization(suite.app.database.db, { name: 'Elsewhere' });
    const strangers = await signIn(suite.app.url, stranger.rep);
    const theirs = await json<Contact>(await strangers.post('/api/v1/contacts', { name: 'Milton Abroad' }));
    const merge = (body: object) => rep.post('/api/v1/contacts/merge', body);
    expect(await paths(await merge({ targetId: target.id, sourceIds: [source.id, target.id] }))).toEqual({
      status: 422,
      paths: ['body.sourceIds.1'],
    });
    expect(await paths(await merge({ targetId: target.id, sourceIds: [hidden.id] }))).toEqual({
      status: 422,
      paths: ['body.sourceIds.0'],
    });
    expect(await paths(await merge({ targetId: target.id, sourceIds: [theirs.id] }))).toEqual({
      status: 422,
      paths: ['body.sourceIds.0'],
    });
    expect(await paths(await merge({ targetId: theirs.id, sourceIds: [source.id] }))).toEqual({
      status: 422,
      paths: ['body.targetId'],
    });
    expect(await paths(await merge({ targetId: target.id, sourceIds: [source.id, source.id] }))).toEqual({
      status: 422,
      paths: ['body.sourceIds.1'],
    });

    const response = await merge({ targetId: target.id, sourceIds: [source.id, other.id] });
    expect(response.status).toBe(200);
    const merged = await json<Contact>(response);
    expect(merged).toMatchObject({
      id: target.id,
      name: 'Milton W',
      emails: ['milton@initech.test', 'stapler@initech.test'],
      phones: ['555 0001', '555 0002'],
      version: 2,
    });
    expect(merged.customers.map((link) => [link.name, link.role])).toEqual([
      ['Merge Globex', 'decision_maker'],
      ['Merge Initrode', 'influencer'],
    ]);
    for (const id of [source.id, other.id]) {
      expect((await rep.get(`/api/v1/contacts/${id}`)).status).toBe(404);
    }
    const trash = await json<Page>(await rep.get('/api/v1/contacts?deleted=true&q=milton'));
    expect(trash.items.map((item) => [item.name, item.mergedIntoId])).toEqual([
      ['Milton (old)', target.id],
      ['Milton Waddams', target.id],
    ]);
    const restore = await rep.post(`/api/v1/contacts/${source.id}/restore`);
    expect(restore.status).toBe(409);
    expect(await json(restore)).toMatchObject({ code: 'contact_merged', mergedIntoId: target.id });

    const moved = await inTenant(async (tx) => ({
      participants: await tx
        .select({
          interactionId: interactionParticipants.interactionId,
          id: interactionParticipants.participantId,
        })
        .from(interactionParticipants)
        .where(eq(interactionParticipants.kind, 'contact')),
      documents: await tx
        .select({ parentId: documents.parentId })
        .from(documents)
        .where(eq(documents.name, 'stapler-receipt.pdf')),
      links: await tx.select().from(contactCustomers).where(eq(contactCustomers.contactId, source.id)),
      events: await tx
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.name, 'contact.merged'), eq(domainEvents.streamId, target.id))),
      audit: await tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'contact.merged'), eq(auditLogs.entityId, target.id))),
    }));
    const mine = (id: string) => moved.participants.filter((p) => p.interactionId === id).map((p) => p.id);
    expect(mine(meeting!.id)).toEqual([target.id]);
    expect(mine(call!.id)).toEqual([target.id]);
    expect(moved.documents).toEqual([{ parentId: target.id }]);
    expect(moved.links).toEqual([]);
    expect(moved.events).toHaveLength(1);
    expect(moved.events[0]!.payload).toMatchObject({ id: target.id, mergedIds: [source.id, other.id] });
    expect(moved.audit).toHaveLength(1);
    expect(moved.audit[0]!.before).toMatchObject({ target: { id: target.id, version: 1 } });
    expect(moved.audit[0]!.after).toMatchObject({ id: target.id, version: 2 });
  });

  it('writes the event and audit entry with the change, and neither when the transaction rolls back', async () => {
    const created = await json<Contact>(await rep.post('/api/v1/contacts', { name: 'Audited Ann' }));
    const trail = (id: string) =>
      inTenant(async (tx) => ({
        events: (
          await tx
            .select()
            .from(domainEvents)
            .where(eq(domainEvents.streamId, id))
            .orderBy(domainEvents.position)
        ).map((e) => ({
          name: e.name,
          actorId: e.actorId,
          via: e.via,
        })),
        audit: (
          await tx.select().from(auditLogs).where(eq(auditLogs.entityId, id)).orderBy(auditLogs.id)
        ).map((a) => ({
          action: a.action,
          actorId: a.actorId,
          via: a.via,
        })),
      }));
    await rep.patch(`/api/v1/contacts/${created.id}`, { version: 1, notes: 'Prefers email' });
    await rep.delete(`/api/v1/contacts/${created.id}`);
    await rep.post(`/api/v1/contacts/${created.id}/restore`);
    const by = { actorId: suite.org.rep.id, via: 'web' };
    expect(await trail(created.id)).toEqual({
      events: ['created', 'updated', 'deleted', 'restored'].map((what) => ({
        name: `contact.${what}`,
        ...by,
      })),
      audit: ['created', 'updated', 'deleted', 'restored'].map((what) => ({
        action: `contact.${what}`,
        ...by,
      })),
    });

    let id = '';
    const actor = actorFor(suite.org, suite.org.rep, 'sales_rep');
    await expect(
      inTenant(async (tx) => {
        id = (await createContact({ actor, tx, name: 'Rolled Back Rob' })).contact.id;
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(id).not.toBe('');
    expect(await trail(id)).toEqual({ events: [], audit: [] });
  });
});
