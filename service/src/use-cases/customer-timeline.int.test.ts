import { beforeAll, describe, expect, it } from '@jest/globals';
import type { TestOrganization, TestPerson } from '../test/factories.js';
import { buildOrganization, signIn } from '../test/factories.js';
import { json, type TestClient } from '../test/http-client.js';
import { useOrganizationApp } from '../test/suite.js';
import type { TenantActor } from '../core/identity/actor.js';
import type { Permission } from '../core/identity/permissions.js';
import { documentedRoutes } from '../modules.js';
import { crmFixtures, type CrmFixtures } from './crm-fixtures.js';
import { customerTimeline, TimelinePage, type TimelineItem } from './customer-timeline.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2024-03-01T09:00:00.000Z');
const at = (hours: number) => new Date(t0 + hours * HOUR);

/** Whether the customers module serves the timeline yet: then through HTTP, else the function itself. */
const hasRoute = documentedRoutes().some(
  (route) => route.method === 'get' && route.path === '/api/v1/customers/:id/timeline',
);

describe('customer timeline', () => {
  const suite = useOrganizationApp();
  let crm: CrmFixtures;
  let rep: TestClient;
  const ids = {} as Record<
    | 'customer'
    | 'other'
    | 'deal'
    | 'samDeal'
    | 'goneDeal'
    | 'contact'
    | 'created'
    | 'call'
    | 'sameTime'
    | 'note'
    | 'moved'
    | 'lost'
    | 'customerDoc'
    | 'dealDoc'
    | 'contactDoc',
    string
  >;

  function actorOf(
    org: TestOrganization,
    person: TestPerson,
    role: keyof TestOrganization['roles'],
  ): TenantActor {
    return {
      ...person,
      userId: person.id,
      tenantId: org.tenantId,
      membershipId: null,
      roleId: org.roles[role].id,
      platformRole: null,
      permissions: new Set(org.roles[role].permissions as Permission[]),
      via: 'web',
      sessionId: null,
      apiKeyId: null,
    };
  }

  /** A page of the timeline as `who` sees it: the status and, when 200, the page. */
  async function timeline(
    who: { org: TestOrganization; person: TestPerson; role: keyof TestOrganization['roles'] },
    customerId: string,
    query: { limit?: number; cursor?: string } = {},
  ): Promise<{ status: number; page?: TimelinePage }> {
    if (hasRoute) {
      const client = await signIn(suite.app.url, who.person);
      const search = new URLSearchParams(
        Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
      );
      const response = await client.get(`/api/v1/customers/${customerId}/timeline?${search.toString()}`);
      return response.status === 200
        ? { status: 200, page: await json<TimelinePage>(response) }
        : { status: response.status };
    }
    const actor = actorOf(who.org, who.person, who.role);
    try {
      const page = await suite.app.database.db.transaction(
        { tenantId: who.org.tenantId, userId: actor.userId },
        (tx) => customerTimeline({ actor, tx, customerId, ...query }),
        { readOnly: true },
      );
      return { status: 200, page: TimelinePage.parse(page) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { status: code === 'not_found' ? 404 : code === 'validation_failed' ? 422 : 500 };
    }
  }
  const asRep = () => ({ org: suite.org, person: suite.org.rep, role: 'sales_rep' as const });
  const upload = async (parentType: string, parentId: string, name: string) => {
    const form = new FormData();
    form.append('parentType', parentType);
    form.append('parentId', parentId);
    form.append('file', new Blob([`content of ${name}`]), name);
    const response = await rep.request('POST', '/api/v1/documents', form);
    expect(response.status).toBe(201);
    return (await json<{ id: string }>(response)).id;
  };

  beforeAll(async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    crm = await crmFixtures(suite.app.database.db, suite.org.tenantId);
    const { rep: riley, otherRep: sam, manager } = suite.org;
    ids.customer = await crm.customer({ name: 'Umbrella', ownerId: riley.id });
    ids.other = await crm.customer({ name: 'Elsewhere', ownerId: riley.id });
    ids.deal = await crm.opportunity({ name: 'Umbrella pilot', ownerId: riley.id, customerId: ids.customer });
    ids.samDeal = await crm.opportunity({
      name: 'Umbrella rollout',
      ownerId: sam.id,
      customerId: ids.customer,
    });
    ids.goneDeal = await crm.opportunity({
      name: 'Umbrella gone',
      ownerId: riley.id,
      customerId: ids.customer,
      deletedAt: new Date(),
    });
    ids.contact = await crm.contact({ name: 'Alice Abernathy', ownerId: riley.id, customerId: ids.customer });
    ids.created = await crm.stageChange({
      opportunityId: ids.deal,
      from: null,
      to: 'Prospecting',
      at: at(0),
      byUserId: riley.id,
    });
    ids.call = await crm.interaction({
      type: 'call',
      ownerId: riley.id,
      occurredAt: at(1),
      summary: 'Intro call',
      customerId: ids.customer,
    });
    ids.sameTime = await crm.interaction({
      type: 'email',
      ownerId: sam.id,
      occurredAt: at(1),
      customerId: ids.customer,
    });
    ids.note = await crm.interaction({
      type: 'note',
      ownerId: riley.id,
      occurredAt: at(2),
      summary: 'Budget is approved',
      opportunityId: ids.deal,
    });
    ids.moved = await crm.stageChange({
      opportunityId: ids.deal,
      from: 'Prospecting',
      to: 'Proposal',
      at: at(3),
      byUserId: manager.id,
    });
    ids.lost = await crm.stageChange({
      opportunityId: ids.samDeal,
      from: 'Prospecting',
      to: 'Lost',
      at: at(4),
      byUserId: sam.id,
    });
    // Not this customer's story: another customer, a deleted interaction, a deleted deal's history.
    await crm.interaction({ type: 'call', ownerId: riley.id, occurredAt: at(5), customerId: ids.other });
    await crm.interaction({
      type: 'meeting',
      ownerId: riley.id,
      occurredAt: at(6),
      customerId: ids.customer,
      deletedAt: new Date(),
    });
    await crm.stageChange({
      opportunityId: ids.goneDeal,
      from: null,
      to: 'Prospecting',
      at: at(7),
      byUserId: riley.id,
    });
    await upload('customer', ids.other, 'elsewhere.txt');
    // Documents on the customer, its deal and its contact: uploaded now, so the newest items.
    ids.customerDoc = await upload('customer', ids.customer, 'contract.txt');
    ids.dealDoc = await upload('opportunity', ids.deal, 'quote.txt');
    ids.contactDoc = await upload('contact', ids.contact, 'card.txt');
  });

  it('tells the story newest first: documents, stage changes with stage names, notes and interactions', async () => {
    const { status, page } = await timeline(asRep(), ids.customer);
    expect(status).toBe(200);
    const items = page!.items;
    expect(items.map((item) => [item.kind, item.title])).toEqual([
      ['document', 'Uploaded card.txt'],
      ['document', 'Uploaded quote.txt'],
      ['document', 'Uploaded contract.txt'],
      ['stage_change', 'Umbrella rollout: Prospecting -> Lost'],
      ['stage_change', 'Umbrella pilot: Prospecting -> Proposal'],
      ['note', 'Note: Umbrella pilot'],
      ...[
        ['interaction', 'Call', ids.call],
        ['interaction', 'Email', ids.sameTime],
      ]
        .sort((a, b) => (a[2]! < b[2]! ? 1 : -1))
        .map(([kind, title]) => [kind, title]),
      ['stage_change', 'Umbrella pilot: Prospecting'],
    ]);
    const byId = (id: string) => items.find((item) => item.id === id) as TimelineItem;
    expect(byId(ids.moved)).toMatchObject({
      at: at(3).toISOString(),
      actorId: suite.org.manager.id,
      actorName: 'Morgan Manager',
      refs: { opportunityId: ids.deal },
    });
    expect(byId(ids.note)).toMatchObject({
      kind: 'note',
      detail: 'Budget is approved',
      refs: { interactionId: ids.note, opportunityId: ids.deal },
    });
    expect(byId(ids.call)).toMatchObject({
      detail: 'Intro call',
      actorName: 'Riley Rep',
      refs: { interactionId: ids.call },
    });
    expect(items.find((item) => item.title === 'Uploaded quote.txt')?.refs).toEqual({
      documentId: ids.dealDoc,
      opportunityId: ids.deal,
    });
    expect(items.find((item) => item.title === 'Uploaded card.txt')?.refs).toEqual({
      documentId: ids.contactDoc,
    });
    expect(page!.nextCursor).toBeNull();
  });

  it('pages by (time, id) without skipping or repeating items that share a time', async () => {
    const whole = (await timeline(asRep(), ids.customer)).page!.items.map((item) => item.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const { page } = await timeline(asRep(), ids.customer, { limit: 2, ...(cursor && { cursor }) });
      paged.push(...page!.items.map((item) => item.id));
      if (!page!.nextCursor) break;
      cursor = page!.nextCursor;
    }
    expect(paged).toEqual(whole);
    expect((await timeline(asRep(), ids.customer, { cursor: 'not-a-cursor' })).status).toBe(422);
  });

  it('is a 404 for anyone who may not see the customer: out of scope, in the trash, another organization', async () => {
    const sam = { org: suite.org, person: suite.org.otherRep, role: 'sales_rep' as const };
    // Riley's customer with no deal of Sam's is not Sam's to see; the one Sam sells to is.
    expect((await timeline(sam, ids.other)).status).toBe(404);
    expect((await timeline(sam, ids.customer)).status).toBe(200);
    expect(
      (await timeline({ org: suite.org, person: suite.org.manager, role: 'team_manager' }, ids.customer))
        .status,
    ).toBe(200);
    expect(
      (await timeline({ org: suite.org, person: suite.org.admin, role: 'org_admin' }, ids.customer)).status,
    ).toBe(200);
    const trashed = await crm.customer({ name: 'Trashed', ownerId: suite.org.rep.id, deletedAt: new Date() });
    expect((await timeline(asRep(), trashed)).status).toBe(404);
    const stranger = await buildOrganization(suite.app.database.db, { name: 'Another Umbrella' });
    expect(
      (await timeline({ org: stranger, person: stranger.admin, role: 'org_admin' }, ids.customer)).status,
    ).toBe(404);
  });
});
