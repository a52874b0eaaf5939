/**
 * Private tasks stay private on every surface (the task itself, lists, counts, search, the customer
 * timeline, attached documents), and `taskAudience` (the fan-out of notifications and realtime) is
 * exactly the inverse of `visibleWhere` for every member and every kind of task.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { newId } from '../../core/db/columns.js';
import { queryRows, type Tx } from '../../core/db/database.js';
import { customers, memberships, roles, teamMembers, teams, users } from '../../core/db/schema.js';
import { holdsAny, type TenantActor } from '../../core/identity/actor.js';
import type { Permission } from '../../core/identity/permissions.js';
import { actorFor, buildCustomRoleMember, signIn, type TestPerson } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { TASK_WORK, taskAudience, visibleWhere } from './tasks.policy.js';
import { tasks } from './tasks.tables.js';

interface Task {
  id: string;
}

describe('task visibility', () => {
  const suite = useOrganizationApp({ organizationName: 'Sunshine Carpets' });
  let clients: Record<'admin' | 'manager' | 'rep' | 'otherRep' | 'custom', TestClient>;
  let custom: TestPerson;

  const tenantId = () => suite.org.tenantId;
  const inTenant = <T>(work: (tx: Tx) => Promise<T>) =>
    suite.app.database.db.transaction({ tenantId: tenantId() }, work);

  beforeAll(async () => {
    custom = await buildCustomRoleMember(suite.app.database.db, suite.org, ['tasks.view_assigned']);
    clients = {
      admin: suite.admin,
      manager: await signIn(suite.app.url, suite.org.manager),
      rep: await signIn(suite.app.url, suite.org.rep),
      otherRep: await signIn(suite.app.url, suite.org.otherRep),
      custom: await signIn(suite.app.url, custom),
    };
  });

  async function newCustomer(name: string, ownerId: string): Promise<string> {
    const [row] = await inTenant((tx) =>
      tx.insert(customers).values({ tenantId: tenantId(), name, ownerId }).returning(),
    );
    return row!.id;
  }

  async function create(client: TestClient, body: Record<string, unknown>): Promise<Task> {
    const response = await client.post('/api/v1/tasks', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    return json<Task>(response);
  }

  /** What `who` finds of the task on each surface (true: there). */
  async function surfaces(who: keyof typeof clients, task: Task, word: string, customerId: string) {
    const client = clients[who];
    const read = (await client.get(`/api/v1/tasks/${task.id}`)).status;
    const list = await json<{ items: Task[] }>(await client.get(`/api/v1/tasks?q=${word}`));
    const count = await json<{ count: number }>(await client.get(`/api/v1/tasks/count?q=${word}`));
    const search = await client.get(`/api/v1/search?q=${word}`);
    const found = search.status === 200 ? (await json<{ items: { id: string }[] }>(search)).items : [];
    const timeline = await client.get(`/api/v1/customers/${customerId}/timeline`);
    const items = timeline.status === 200 ? (await json<{ items: { id: string }[] }>(timeline)).items : [];
    const documents = (await client.get(`/api/v1/documents?parentType=task&parentId=${task.id}`)).status;
    return {
      read: read === 200,
      list: list.items.some((item) => item.id === task.id),
      count: count.count > 0,
      search: found.some((item) => item.id === task.id),
      timeline: items.some((item) => item.id === task.id),
      documents: documents === 200,
    };
  }

  const everywhere = { read: true, list: true, count: true, search: true, timeline: true, documents: true };
  const nowhere = {
    read: false,
    list: false,
    count: false,
    search: false,
    timeline: false,
    documents: false,
  };

  async function attach(client: TestClient, taskId: string) {
    const body = new FormData();
    body.append('parentType', 'task');
    body.append('parentId', taskId);
    body.append('file', new Blob(['agenda'], { type: 'text/plain' }), 'agenda.txt');
    const response = await client.request('POST', '/api/v1/documents', body);
    expect(response.status).toBe(201);
  }

  it("a manager's private task for the rep: the rep and the manager see it, the Org Admin and the others nowhere", async () => {
    const customerId = await newCustomer('Pendleton Mills', suite.org.rep.id);
    const task = await create(clients.manager, {
      title: 'Zanzibar salary review',
      visibility: 'private',
      assigneeIds: [suite.org.rep.id],
      customerId,
    });
    await attach(clients.rep, task.id);
    expect(await surfaces('rep', task, 'zanzibar', customerId)).toEqual(everywhere);
    expect(await surfaces('manager', task, 'zanzibar', customerId)).toEqual(everywhere);
    // The Org Admin sees the customer (its timeline answers) but not the task.
    expect((await clients.admin.get(`/api/v1/customers/${customerId}/timeline`)).status).toBe(200);
    expect(await surfaces('admin', task, 'zanzibar', customerId)).toEqual(nowhere);
    expect(await surfaces('otherRep', task, 'zanzibar', customerId)).toEqual(nowhere);
    expect(await surfaces('custom', task, 'zanzibar', customerId)).toEqual(nowhere);
    // The rep may work on it, but not show it to the team.
    const current = await json<{ version: number }>(await clients.rep.get(`/api/v1/tasks/${task.id}`));
    const opened = await clients.rep.patch(`/api/v1/tasks/${task.id}`, {
      version: current.version,
      visibility: 'team',
    });
    expect(opened.status).toBe(403);
    // Nor can the others act on it.
    for (const who of ['admin', 'otherRep', 'custom'] as const) {
      expect((await clients[who].post(`/api/v1/tasks/${task.id}/comments`, { body: 'hi' })).status).toBe(404);
      expect((await clients[who].delete(`/api/v1/tasks/${task.id}`)).status).toBe(404);
    }
  });

  it("an Org Admin's private task for the rep: its creator, assignee and the assignee's manager see it", async () => {
    const customerId = await newCustomer('Dugan Shoes', suite.org.otherRep.id);
    const task = await create(clients.admin, {
      title: 'Quokka contract renewal',
      visibility: 'private',
      assigneeIds: [suite.org.rep.id],
      customerId,
    });
    await attach(clients.admin, task.id);
    expect(await surfaces('admin', task, 'quokka', customerId)).toEqual(everywhere);
    // The rep and the manager do not see the other rep's customer, so not its timeline; all else they do.
    expect(await surfaces('rep', task, 'quokka', customerId)).toEqual({ ...everywhere, timeline: false });
    expect(await surfaces('manager', task, 'quokka', customerId)).toEqual({ ...everywhere, timeline: false });
    // The other rep owns the customer and reads its timeline, without the task.
    expect((await clients.otherRep.get(`/api/v1/customers/${customerId}/timeline`)).status).toBe(200);
    expect(await surfaces('otherRep', task, 'quokka', customerId)).toEqual(nowhere);
    expect(await surfaces('custom', task, 'quokka', customerId)).toEqual(nowhere);
  });

  it('a team task shows in the customer timeline and search of whoever sees it', async () => {
    const customerId = await newCustomer('Kenny Rogers Roasters', suite.org.rep.id);
    const task = await create(clients.rep, { title: 'Roaster tasting visit', customerId });
    await attach(clients.rep, task.id);
    expect(await surfaces('rep', task, 'roaster', customerId)).toEqual(everywhere);
    expect(await surfaces('admin', task, 'roaster', customerId)).toEqual(everywhere);
    expect(await surfaces('otherRep', task, 'roaster', customerId)).toEqual(nowhere);
  });

  it('taskAudience(task) is exactly who visibleWhere admits, for every member and kind of task', async () => {
    const org = suite.org;
    const t = tenantId();
    // A second team, East, managed by a manager of its own, with the other rep in it; a custom role
    // that sees its team's tasks; a member whose role opens no task work.
    const east = newId();
    const eastManager: TestPerson = { id: newId(), email: `east@${org.slug}.test`, name: 'Elaine East' };
    const lead: TestPerson = { id: newId(), email: `lead@${org.slug}.test`, name: 'Lee Lead' };
    const viewer: TestPerson = { id: newId(), email: `viewer@${org.slug}.test`, name: 'Vic Viewer' };
    const leadRole = newId();
    const viewerRole = newId();
    const leadPermissions: Permission[] = ['tasks.view_team_tasks'];
    const viewerPermissions: Permission[] = ['dashboard.view_personal'];
    await suite.app.database.db.transaction({ tenantId: t, platform: true }, async (tx) => {
      await tx.insert(users).values([eastManager, lead, viewer]);
      await tx.insert(roles).values([
        { tenantId: t, id: leadRole, name: 'Lead', permissions: leadPermissions },
        { tenantId: t, id: viewerRole, name: 'Viewer only', permissions: viewerPermissions },
      ]);
      await tx.insert(memberships).values([
        { tenantId: t, userId: eastManager.id, roleId: org.roles.team_manager.id },
        { tenantId: t, userId: lead.id, roleId: leadRole },
        { tenantId: t, userId: viewer.id, roleId: viewerRole },
      ]);
      await tx.insert(teams).values({ tenantId: t, id: east, name: 'East' });
      await tx.insert(teamMembers).values([
        { tenantId: t, teamId: east, userId: eastManager.id, role: 'manager' },
        { tenantId: t, teamId: east, userId: org.otherRep.id, role: 'member' },
        { tenantId: t, teamId: org.teamId, userId: lead.id, role: 'manager' },
      ]);
    });
    const customActor = (
      person: TestPerson,
      roleId: string | null,
      permissions: Permission[],
    ): TenantActor => ({
      ...actorFor(org, person, 'sales_rep'),
      roleId,
      permissions: new Set(permissions),
    });
    const actors: TenantActor[] = [
      actorFor(org, org.admin, 'org_admin'),
      actorFor(org, org.manager, 'team_manager'),
      actorFor(org, org.rep, 'sales_rep'),
      actorFor(org, org.otherRep, 'sales_rep'),
      actorFor(org, eastManager, 'team_manager'),
      customActor(custom, actorFor(org, custom, 'sales_rep').roleId, ['tasks.view_assigned']),
      customActor(lead, leadRole, leadPermissions),
      customActor(viewer, viewerRole, viewerPermissions),
    ];
    const people = actors.map((actor) => actor.userId);
    const creators = people.slice(0, 7); // the viewer-only member creates nothing
    const shape = fc.record({
      creator: fc.constantFrom(...creators),
      visibility: fc.constantFrom('private' as const, 'collaborative' as const, 'team' as const),
      assignees: fc.subarray(people, { minLength: 1, maxLength: 3 }),
      watchers: fc.subarray(people, { maxLength: 2 }),
      team: fc.constantFrom<string | null>(null, org.teamId, east),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (task) => {
        await inTenant(async (tx) => {
          const id = newId();
          await tx.insert(tasks).values({
            tenantId: t,
            id,
            title: 'Property',
            visibility: task.visibility,
            teamId: task.team,
            createdBy: task.creator,
          });
          await tx.execute(sql`insert into task_assignees (tenant_id, task_id, user_id)
            select ${t}, ${id}, unnest(${`{${task.assignees.join(',')}}`}::uuid[])`);
          if (task.watchers.length && task.visibility !== 'private')
            await tx.execute(sql`insert into task_watchers (tenant_id, task_id, user_id)
              select ${t}, ${id}, unnest(${`{${task.watchers.join(',')}}`}::uuid[])`);
          const audience = (
            await queryRows<{ user_id: string }>(tx, sql`select user_id from ${taskAudience(id)} a(user_id)`)
          )
            .map((row) => row.user_id)
            .sort();
          const admitted: string[] = [];
          for (const actor of actors) {
            if (!holdsAny(actor, TASK_WORK)) continue;
            const [row] = await queryRows<{ visible: boolean }>(
              tx,
              sql`select exists (select 1 from tasks where tasks.id = ${id} and ${visibleWhere(actor) ?? sql`true`}) as visible`,
            );
            if (row!.visible) admitted.push(actor.userId);
          }
          expect({ task, audience }).toEqual({ task, audience: [...new Set(admitted)].sort() });
          // Nobody but the assignees, the creator and the assignees' managers ever sees a private task.
          if (task.visibility === 'private') {
            const west = [org.manager.id, org.rep.id, lead.id];
            const eastMembers = [eastManager.id, org.otherRep.id];
            const managersOf = (userId: string) =>
              west.includes(userId)
                ? [org.manager.id, lead.id]
                : eastMembers.includes(userId)
                  ? [eastManager.id]
                  : [];
            const allowed = new Set([task.creator, ...task.assignees, ...task.assignees.flatMap(managersOf)]);
            expect(audience.filter((userId) => !allowed.has(userId))).toEqual([]);
          }
          await tx.execute(sql`delete from tasks where id = ${id}`);
        });
      }),
      { numRuns: 60 },
    );
  });
});
