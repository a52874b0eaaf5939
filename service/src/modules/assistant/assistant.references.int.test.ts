import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { tellAssistant } from '../../test/assistant.js';
import { tenantRows, useOrganizationApp } from '../../test/suite.js';
import type { AssistantReply } from './assistant.commands.js';

describe('the assistant finds the record a message means', () => {
  const suite = useOrganizationApp({ organizationName: 'Reference Corp' });
  const inDb = tenantRows(suite);
  let rep: TestClient;
  /** Another organization with the same names; its rep, signed in. */
  let elsewhere: TestOrganization;
  let stranger: TestClient;

  const say = tellAssistant;
  const texts = (reply: AssistantReply) => reply.lines.map((line) => line.text);
  const created = async (response: Response) => {
    expect(response.status).toBe(201);
    return json<{ id: string }>(response);
  };
  const newCustomer = async (client: TestClient, name: string, ownerId: string) =>
    created(await client.post('/api/v1/customers', { name, ownerId }));
  const newContact = async (client: TestClient, name: string, customerId: string) =>
    created(await client.post('/api/v1/contacts', { name, customers: [{ customerId }] }));
  const newTask = async (client: TestClient, body: Record<string, unknown>) =>
    created(await client.post('/api/v1/tasks', body));
  /** The contacts the latest interaction of a tenant is with. */
  const lastCallWith = async (tenantId = suite.org.tenantId) =>
    (
      await inDb<{ id: string }>(
        sql`select p.participant_id as id from interactions i
          join interaction_participants p on p.interaction_id = i.id and p.kind = 'contact'
          where i.deleted_at is null
          order by i.created_at desc, i.id desc limit 1`,
        tenantId,
      )
    ).map((row) => row.id);
  const taskRow = async (id: string, tenantId = suite.org.tenantId) =>
    (
      await inDb<{ priority: string; status: string }>(
        sql`select priority, status from tasks where id = ${id}`,
        tenantId,
      )
    )[0]!;

  it('logs a call with the contact of the customer named, not a namesake at another account or organization', async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    elsewhere = await buildOrganization(suite.app.database.db, { name: 'Namesakes Ltd' });
    stranger = await signIn(suite.app.url, elsewhere.rep);
    const acme = await newCustomer(rep, 'Acme Software', suite.org.rep.id);
    const redwood = await newCustomer(rep, 'Redwood Materials', suite.org.rep.id);
    // Acme's Liam is the older record: a name looked up across the organization would find Redwood's.
    const acmeLiam = await newContact(rep, 'Liam', acme.id);
    const redwoodLiam = await newContact(rep, 'Liam', redwood.id);
    // Another organization has an Acme Software with a Liam too, newer still.
    const theirAcme = await newCustomer(stranger, 'Acme Software', elsewhere.rep.id);
    const theirLiam = await newContact(stranger, 'Liam', theirAcme.id);

    const reply = await say(rep, 'had a call with Liam at acme software');
    expect(texts(reply)).toEqual(['Logged the call with Liam at Acme Software.']);
    expect(await lastCallWith()).toEqual([acmeLiam.id]);

    const redwoodCall = await say(rep, 'had a call with Liam at Redwood Materials');
    expect(texts(redwoodCall)).toEqual(['Logged the call with Liam at Redwood Materials.']);
    expect(await lastCallWith()).toEqual([redwoodLiam.id]);

    // The other organization's rep logs with their own Liam, and ours are untouched by it.
    const theirs = await say(stranger, 'had a call with Liam at acme software');
    expect(texts(theirs)).toEqual(['Logged the call with Liam at Acme Software.']);
    expect(await lastCallWith(elsewhere.tenantId)).toEqual([theirLiam.id]);
    expect(await lastCallWith()).toEqual([redwoodLiam.id]);
  });

  it('finds a contact of the customer by first name, and asks which when two fit', async () => {
    const initech = await newCustomer(rep, 'Initech', suite.org.rep.id);
    const hooli = await newCustomer(rep, 'Hooli Cloud', suite.org.rep.id);
    const park = await newContact(rep, 'Liam Park', initech.id);
    await newContact(rep, 'Liam Chen', hooli.id);

    const reply = await say(rep, 'had a call with Liam at initech');
    expect(texts(reply)).toEqual(['Logged the call with Liam Park at Initech.']);
    expect(await lastCallWith()).toEqual([park.id]);

    // Two Liams at Hooli Cloud now: the assistant asks, writes nothing, and the answer settles it.
    const ng = await newContact(rep, 'Liam Ng', hooli.id);
    const calls = async () =>
      (
        await inDb<{ n: number }>(sql`select count(*)::int as n from interactions where deleted_at is null`)
      )[0]!.n;
    const before = await calls();
    const asked = await say(rep, 'had a call with Liam at hooli cloud', 'liams');
    expect(asked.lines).toEqual([
      { kind: 'question', text: 'Which Liam at Hooli Cloud: Liam Chen or Liam Ng?' },
    ]);
    expect(asked.actions).toEqual([]);
    expect(await calls()).toBe(before);
    const answered = await say(rep, 'Liam Ng', 'liams');
    expect(texts(answered)).toEqual(['Logged the call with Liam Ng at Hooli Cloud.']);
    expect(await lastCallWith()).toEqual([ng.id]);
  });

  it('changes only a task of the customer named, and says so when there is none', async () => {
    const globex = await newCustomer(rep, 'Globex', suite.org.rep.id);
    const hooli = (await inDb<{ id: string }>(sql`select id from customers where name = 'Hooli Cloud'`))[0]!;
    const hooliDeck = await newTask(rep, { title: 'prep deck b4', customerId: hooli.id });
    // Another organization's Globex has a deck task of the same words.
    const theirGlobex = await newCustomer(stranger, 'Globex', elsewhere.rep.id);
    const theirDeck = await newTask(stranger, { title: 'globex deck', customerId: theirGlobex.id });

    for (const message of ['globex deck -> high pri', 'finished the globex deck']) {
      const reply = await say(rep, message);
      expect(reply.lines).toEqual([{ kind: 'problem', text: 'I found no Globex task called deck.' }]);
      expect(reply.actions).toEqual([]);
    }
    expect(await taskRow(hooliDeck.id)).toEqual({ priority: 'medium', status: 'todo' });
    expect(await taskRow(theirDeck.id, elsewhere.tenantId)).toEqual({ priority: 'medium', status: 'todo' });

    // With a Globex task, that one changes, and the Hooli Cloud task still does not.
    const globexDeck = await newTask(rep, { title: 'send the deck', customerId: globex.id });
    const raised = await say(rep, 'globex deck -> high pri');
    expect(texts(raised)).toEqual(['"send the deck": priority high.']);
    expect(await taskRow(globexDeck.id)).toEqual({ priority: 'high', status: 'todo' });
    expect(await taskRow(hooliDeck.id)).toEqual({ priority: 'medium', status: 'todo' });
    // Named by the customer's whole name as well.
    const hooliRaised = await say(rep, 'hooli cloud deck -> low pri');
    expect(texts(hooliRaised)).toEqual(['"prep deck b4": priority low.']);
    expect(await taskRow(globexDeck.id)).toEqual({ priority: 'high', status: 'todo' });
  });

  it('reads "it" as the task the previous turn of the conversation changed, and asks when there is none', async () => {
    const hooli = (await inDb<{ id: string }>(sql`select id from customers where name = 'Hooli Cloud'`))[0]!;
    const task = await newTask(rep, { title: 'send the Hooli pricing', customerId: hooli.id });
    const due = async () =>
      (
        await inDb<{ due: string | null }>(sql`select due_at::text as due from tasks where id = ${task.id}`)
      )[0]!.due;

    const pushed = await say(rep, 'push the hooli pricing to friday', 'pronouns');
    expect(texts(pushed)).toEqual([expect.stringMatching(/^"send the Hooli pricing": due /)]);
    const dueAfterPush = await due();
    const raised = await say(rep, 'make it high priority', 'pronouns');
    expect(texts(raised)).toEqual(['"send the Hooli pricing": priority high.']);
    expect(await taskRow(task.id)).toEqual({ priority: 'high', status: 'todo' });
    expect(await due()).toBe(dueAfterPush);
    // The parser says "push it" points back and pushes: the same task, later.
    const later = await say(rep, 'push it back a week', 'pronouns');
    expect(texts(later)).toEqual([expect.stringMatching(/^"send the Hooli pricing": due /)]);
    expect(Date.parse((await due())!)).toBeGreaterThan(Date.parse(dueAfterPush!));

    const done = await say(rep, 'mark it done', 'pronouns');
    expect(texts(done)).toEqual(['Marked "send the Hooli pricing" done.']);
    expect((await taskRow(task.id)).status).toBe('done');
    // Undo of the last turn reopens it; the priority stays, it was another turn.
    await rep.post('/api/v1/assistant/actions', { turnId: done.turnId, action: 'undo' });
    expect(await taskRow(task.id)).toEqual({ priority: 'high', status: 'todo' });

    // Another conversation, or another member in this one, has no previous task: the assistant asks which.
    for (const [client, conversation] of [
      [rep, 'another-chat'],
      [await signIn(suite.app.url, suite.org.manager), 'pronouns'],
      [stranger, 'pronouns'],
    ] as const) {
      const asked = await say(client, 'make it low priority', conversation);
      expect(asked.lines).toEqual([
        { kind: 'question', text: 'Which task do you mean? Name it, like "mark the Acme deck done".' },
      ]);
      expect(asked.actions).toEqual([]);
    }
    expect(await taskRow(task.id)).toEqual({ priority: 'high', status: 'todo' });
  });

  it('says plainly that a change cannot be made instead of asking to confirm it', async () => {
    // Initech has no open deal here; the other organization's Initech has one, which stays open.
    const theirInitech = await newCustomer(stranger, 'Initech', elsewhere.rep.id);
    const theirDeal = await created(
      await stranger.post('/api/v1/opportunities', {
        name: 'Initech renewal',
        customerId: theirInitech.id,
        ownerId: elsewhere.rep.id,
      }),
    );
    const lost = await say(rep, 'Initech is lost');
    expect(lost.lines).toEqual([{ kind: 'problem', text: 'You have no open deal at Initech.' }]);
    expect(lost.actions).toEqual([]);
    const [theirs] = await inDb<{ status: string }>(
      sql`select status from opportunities where id = ${theirDeal.id}`,
      elsewhere.tenantId,
    );
    expect(theirs!.status).toBe('open');

    const pending = await say(rep, 'check off the budget sheet');
    expect(pending.lines).toEqual([{ kind: 'problem', text: 'You have no open task like "budget sheet".' }]);
    expect(pending.actions).toEqual([]);

    const that = await say(rep, 'check that off', 'nothing-before');
    expect(that.actions).toEqual([]);
    expect(that.lines.map((line) => line.kind)).toEqual(['question']);
  });
});
