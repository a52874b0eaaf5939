import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { buildCustomRoleMember, buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { tellAssistant } from '../../test/assistant.js';
import { tenantRows, useOrganizationApp } from '../../test/suite.js';
import type { AssistantReply } from './assistant.commands.js';

const THE_SENTENCE = 'had a call with Jane at Acme, they want a proposal by Friday, deal is now 40k';

describe('the assistant (web console)', () => {
  const suite = useOrganizationApp({ organizationName: 'Chatty Corp' });
  const inDb = tenantRows(suite);
  let rep: TestClient;
  let deal: { id: string };

  const say = tellAssistant;

  it('logs the call, creates the task and updates the deal from one sentence, and Undo takes all three back', async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Acme', ownerId: suite.org.rep.id }),
    );
    expect(
      (await rep.post('/api/v1/contacts', { name: 'Jane Doe', customers: [{ customerId: customer.id }] }))
        .status,
    ).toBe(201);
    deal = await json<{ id: string }>(
      await rep.post('/api/v1/opportunities', {
        name: 'Acme platform',
        customerId: customer.id,
        ownerId: suite.org.rep.id,
        amount: '25000',
      }),
    );

    const reply = await say(rep, THE_SENTENCE);
    expect(reply.lines.filter((line) => line.kind === 'changed').map((line) => line.text)).toEqual([
      'Logged the call with Jane Doe at Acme.',
      expect.stringMatching(/^Created the task "proposal", due \d{4}-\d{2}-\d{2}\.$/),
      'Acme platform: amount 40,000 USD.',
    ]);
    expect(reply.actions.map((action) => action.action)).toEqual(['undo']);

    const [call] = await inDb<{ type: string; customer_id: string; summary: string }>(
      sql`select type, customer_id, summary from interactions where deleted_at is null`,
    );
    // What was said of the call is kept with it: the message, when it names no topic of its own.
    expect(call).toEqual({ type: 'call', customer_id: customer.id, summary: THE_SENTENCE });
    const [task] = await inDb<{ title: string; customer_id: string }>(
      sql`select title, customer_id from tasks where deleted_at is null`,
    );
    expect(task).toEqual({ title: 'proposal', customer_id: customer.id });
    const [amount] = await inDb<{ amount: string }>(
      sql`select amount::text from opportunities where id = ${deal.id}`,
    );
    expect(Number(amount!.amount)).toBe(40_000);
    // The changes went through the domain commands, as the chat channel.
    const vias = await inDb<{ via: string }>(
      sql`select distinct via from audit_logs where tenant_id = ${suite.org.tenantId} and action in ('interaction.logged', 'task.created', 'opportunity.value_updated')`,
    );
    expect(vias.map((row) => row.via)).toEqual(['web']);

    const undone = await json<AssistantReply>(
      await rep.post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' }),
    );
    expect(undone.text).toBe(
      'Undone: the call with Jane Doe, the task "proposal" and the change to Acme platform.',
    );
    expect(await inDb(sql`select id from interactions where deleted_at is null`)).toEqual([]);
    expect(await inDb(sql`select id from tasks where deleted_at is null`)).toEqual([]);
    const [after] = await inDb<{ amount: string }>(
      sql`select amount::text from opportunities where id = ${deal.id}`,
    );
    expect(Number(after!.amount)).toBe(25_000);
    // A second Undo of the same turn changes nothing.
    const again = await rep.post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' });
    expect(again.status).toBe(409);
  });

  it('answers questions with real data and never changes anything for one', async () => {
    await say(rep, 'remind me to send the deck to Acme tomorrow');
    await say(rep, 'add a task to send the pricing proposal to Acme tomorrow');
    const before = await inDb<{ n: number }>(
      sql`select count(*)::int as n from tasks where deleted_at is null`,
    );
    const tasks = await say(rep, "what's due tomorrow?");
    expect(tasks.turnId).toBeNull();
    expect(tasks.lines.map((line) => line.text)).toContainEqual(expect.stringMatching(/^send the deck/));
    // The period asked is the period answered.
    const today = await say(rep, "what's due today?");
    expect(today.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^You have no open tasks due on \w{3}, \w{3} \d{1,2}\.$/),
    ]);
    // A category asked is the category answered, and a task made from chat has the category it reads as.
    const [deck] = await inDb<{ category: string }>(
      sql`select category from tasks where deleted_at is null and title like '%pricing proposal%'`,
    );
    expect(deck!.category).toBe('proposal');
    const meetings = await say(rep, 'any meetings due tomorrow?');
    expect(meetings.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^You have no meeting tasks due on \w{3}, \w{3} \d{1,2}\.$/),
    ]);
    const proposals = await say(rep, 'any proposals due tomorrow?');
    expect(proposals.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^send the pricing proposal to Acme \(due /),
    ]);
    // A colleague's list is theirs, not the asker's.
    const morgan = await say(rep, "what's on Morgan's plate?");
    expect(morgan.lines.map((line) => line.text)).toEqual(['Morgan Manager has no open tasks.']);
    const question = await say(rep, 'has anyone called Acme this month?');
    expect(question.lines.every((line) => line.kind !== 'changed')).toBe(true);
    // A part of the message we do not do is named, not answered with the help text.
    const mixed = await say(rep, "my laptop won't connect to the vpn again. anyway, what's due tomorrow?");
    expect(mixed.lines.map((line) => line.text)).toEqual([
      `I left out "my laptop won't connect to the vpn again": that is not something I can do.`,
      expect.stringMatching(/^send the deck/),
      expect.stringMatching(/^send the pricing proposal/),
    ]);
    // Totals in whole units, as a chat answer says money ("2,786,465 USD", not "2,786,464.5 USD").
    const cents = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Fractional Co', ownerId: suite.org.rep.id }),
    );
    await rep.post('/api/v1/opportunities', {
      name: 'Fractional seats',
      customerId: cents.id,
      ownerId: suite.org.rep.id,
      amount: '1234.50',
    });
    const pipeline = await say(rep, 'show me my pipeline');
    expect(pipeline.lines.map((line) => line.text)).toContainEqual(expect.stringMatching(/deal/));
    for (const line of pipeline.lines) expect(line.text).toMatch(/^[\w ]+: \d+ deals?, [\d,]+ USD$/);
    // A stage named in the question is the only one answered, by the tenant's name for it.
    const qualified = await say(rep, 'all qualified opps');
    expect(qualified.lines.length).toBeGreaterThan(0);
    for (const line of qualified.lines)
      expect(line.text).toMatch(/^(?:Qualifi\w+: \d+ deals?|No deals in Qualifi\w+\.)/);
    const after = await inDb<{ n: number }>(
      sql`select count(*)::int as n from tasks where deleted_at is null`,
    );
    expect(after).toEqual(before);
  });

  it('asks before a deal is won, and does it on Confirm', async () => {
    const held = await say(rep, 'Acme deal is won');
    expect(held.actions.map((action) => action.action)).toEqual(['confirm', 'cancel']);
    const [open] = await inDb<{ status: string }>(
      sql`select status from opportunities where id = ${deal.id}`,
    );
    expect(open!.status).toBe('open');
    const confirmed = await json<AssistantReply>(
      await rep.post('/api/v1/assistant/actions', { turnId: held.turnId, action: 'confirm' }),
    );
    expect(confirmed.lines.map((line) => line.text)).toEqual(['Acme platform: moved to Won.']);
    const [won] = await inDb<{ status: string }>(sql`select status from opportunities where id = ${deal.id}`);
    expect(won!.status).toBe('won');
  });

  it("cannot change a teammate's deal, nor press another member's buttons", async () => {
    const other = await signIn(suite.app.url, suite.org.otherRep);
    const reply = await say(other, 'Acme deal is now 90k');
    expect(reply.lines.some((line) => line.kind === 'changed')).toBe(false);
    expect(reply.lines[0]!.kind).toBe('problem');
    const [amount] = await inDb<{ amount: string }>(
      sql`select amount::text from opportunities where id = ${deal.id}`,
    );
    expect(Number(amount!.amount)).toBe(25_000);

    const mine = await say(rep, 'remind me to call Jane tomorrow');
    const pressed = await other.post('/api/v1/assistant/actions', { turnId: mine.turnId, action: 'undo' });
    expect(pressed.status).toBe(404);
    const theirs = await json<{ items: { id: string }[] }>(await other.get('/api/v1/assistant/turns'));
    expect(theirs.items.map((turn) => turn.id)).not.toContain(mine.turnId);
  });

  it('asks which deal when the customer has several open, and names the ones it could mean', async () => {
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Globex', ownerId: suite.org.rep.id }),
    );
    for (const name of ['Globex pilot', 'Globex rollout'])
      await rep.post('/api/v1/opportunities', { name, customerId: customer.id, ownerId: suite.org.rep.id });
    const reply = await say(rep, 'Globex is now 50k');
    expect(reply.lines).toEqual([
      { kind: 'problem', text: 'Which one: Globex rollout, Globex pilot? Name the deal.' },
    ]);
    expect(reply.actions).toEqual([]);
  });

  it("marks a task done by its words, and Undo reopens it; due dates fall at 17:00 in the member's timezone", async () => {
    expect(
      (await rep.request('PUT', '/api/v1/me/notification-preferences', { timezone: 'America/New_York' }))
        .status,
    ).toBe(200);
    const created = await say(rep, 'remind me to send the security questionnaire to Acme tomorrow');
    const [task] = await inDb<{ id: string; hour: number; status: string }>(
      sql`select id, extract(hour from due_at at time zone 'America/New_York')::int as hour, status
        from tasks where deleted_at is null and title like '%questionnaire%'`,
    );
    expect(task).toMatchObject({ hour: 17, status: 'todo' });
    expect(created.actions.map((action) => action.action)).toEqual(['undo']);

    const done = await say(rep, 'finished the security questionnaire');
    expect(done.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^Marked ".*questionnaire.*" done\.$/),
    ]);
    const [closed] = await inDb<{ status: string }>(sql`select status from tasks where id = ${task!.id}`);
    expect(closed!.status).toBe('done');
    await rep.post('/api/v1/assistant/actions', { turnId: done.turnId, action: 'undo' });
    const [reopened] = await inDb<{ status: string }>(sql`select status from tasks where id = ${task!.id}`);
    expect(reopened!.status).toBe('todo');
  });

  it('answers about a deal, a customer and what someone won, from what the asker may see', async () => {
    const status = await say(rep, 'status of Globex pilot');
    expect(status.turnId).toBeNull();
    expect(status.lines).toEqual([
      expect.objectContaining({
        kind: 'answer',
        text: expect.stringMatching(/^Globex pilot \(Globex\): .*, owned by Riley Rep/),
        link: expect.stringMatching(/^\/opportunities\//),
      }),
    ]);
    const customer = await say(rep, 'tell me about Globex');
    expect(customer.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^Globex: owned by Riley Rep, 2 open deals worth .*, no interactions logged\.$/),
    ]);
    const won = await say(rep, 'what did Riley close this quarter?');
    expect(won.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(
        /^You won 1 deal between \w{3}, \w{3} 1 and \w{3}, \w{3} 3[01], worth 25,000 USD\.$/,
      ),
    ]);
    // A teammate outside the deal's scope learns nothing about it.
    const other = await signIn(suite.app.url, suite.org.otherRep);
    const hidden = await say(other, 'status of Globex pilot');
    expect(hidden.lines.map((line) => line.text)).toEqual(['You have no open deal at Globex.']);
    // Nor by naming a customer only a colleague works on: the same answer as for one that does not exist.
    const unseen = await say(other, 'tell me about Globex');
    const none = await say(other, 'tell me about Nonesuch Ltd');
    expect(unseen.lines.map((line) => line.text)).toEqual(['You work on no customer called Globex.']);
    expect(none.lines.map((line) => line.text)).toEqual(['You work on no customer called Nonesuch Ltd.']);
  });

  it('asks for what a command misses, and the next message completes it; a new question instead drops it', async () => {
    const calls = async () =>
      (
        await inDb<{ n: number }>(sql`select count(*)::int as n from interactions where deleted_at is null`)
      )[0]!.n;
    const before = await calls();
    const asked = await say(rep, 'log a call');
    expect(asked.lines).toEqual([
      { kind: 'question', text: "Tell me which customer, and I'll do the rest." },
    ]);
    expect(asked.turnId).toBeNull();
    expect(await calls()).toBe(before);
    const completed = await say(rep, 'Acme');
    expect(completed.lines.map((line) => line.text)).toEqual(['Logged the call with Acme.']);
    expect(completed.actions.map((action) => action.action)).toEqual(['undo']);
    expect(await calls()).toBe(before + 1);
    // Answered once: the same word again is not another call.
    const again = await say(rep, 'Acme');
    expect(again.lines.some((line) => line.kind === 'changed')).toBe(false);

    await say(rep, 'create a task');
    const question = await say(rep, "what's due this week?");
    expect(question.lines.every((line) => line.kind === 'answer')).toBe(true);
    const turns = await json<{ items: { text: string; status: string }[] }>(
      await rep.get('/api/v1/assistant/turns'),
    );
    expect(turns.items.find((turn) => turn.text === 'create a task')?.status).toBe('answered');
  });

  it('adds someone new met at a known customer as a contact there, and Undo takes both back', async () => {
    const contacts = () =>
      inDb<{ name: string }>(sql`select name from contacts where deleted_at is null order by name`);
    const reply = await say(rep, 'had a call with Maria Lopez at Acme, went well');
    expect(reply.lines.map((line) => line.text)).toEqual([
      'Added Maria Lopez as a contact at Acme.',
      'Logged the call with Maria Lopez at Acme.',
    ]);
    expect(reply.lines[0]!.link).toMatch(/^\/contacts\/[0-9a-f-]{36}$/);
    expect(reply.lines[1]!.link).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    expect((await contacts()).map((row) => row.name)).toEqual(['Jane Doe', 'Maria Lopez']);
    const [call] = await inDb<{ contact: string; customer: string }>(
      sql`select c.name as contact, cu.name as customer from interactions i
        join interaction_participants p on p.interaction_id = i.id
        join contacts c on c.id = p.participant_id and p.kind = 'contact' join customers cu on cu.id = i.customer_id
        where i.deleted_at is null and i.outcome = 'positive'`,
    );
    expect(call).toEqual({ contact: 'Maria Lopez', customer: 'Acme' });

    await rep.post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' });
    expect((await contacts()).map((row) => row.name)).toEqual(['Jane Doe']);

    // Nobody known and no customer to add them to: the email is logged, naming nobody.
    const alone = await say(rep, 'emailed Zed Quinn about the pricing');
    expect(alone.lines.map((line) => line.text)).toEqual([
      'Logged the email with Zed Quinn. Zed Quinn is not a contact I know, so it names nobody.',
    ]);
    expect((await contacts()).map((row) => row.name)).toEqual(['Jane Doe']);
  });

  it('names a colleague it does not know instead of giving them the task', async () => {
    const tasks = async () => (await inDb<{ n: number }>(sql`select count(*)::int as n from tasks`))[0]!.n;
    const before = await tasks();
    const reply = await say(rep, '<at>Dana Nobody</at> please send the acme deck by friday');
    expect(reply.lines.map((line) => [line.kind, line.text])).toEqual([
      ['problem', 'I know no colleague called Dana Nobody.'],
    ]);
    expect(await tasks()).toBe(before);
  });

  it('writes nothing for a member whose role may not log interactions', async () => {
    const viewer = await signIn(
      suite.app.url,
      await buildCustomRoleMember(suite.app.database.db, suite.org, ['dashboard.view_personal']),
    );
    const count = async () =>
      (await inDb<{ n: number }>(sql`select count(*)::int as n from interactions`))[0]!.n;
    const before = await count();
    const reply = await say(viewer, 'had a call with Jane Doe at Acme, went well');
    expect(reply.lines.map((line) => line.kind)).toEqual(['problem']);
    expect(await count()).toBe(before);
  });

  it('changes an open task of the member by its words, and Undo puts every field back', async () => {
    await say(rep, 'add a task to send the Acme pricing sheet tomorrow');
    const row = async () =>
      (
        await inDb<{ priority: string; progress: number; due: string }>(
          sql`select priority, progress, due_at::text as due from tasks
            where deleted_at is null and title = 'send the Acme pricing sheet'`,
        )
      )[0]!;
    const start = await row();
    const higher = await say(rep, 'acme pricing sheet -> high pri');
    expect(higher.lines.map((line) => line.text)).toEqual(['"send the Acme pricing sheet": priority high.']);
    const halfway = await say(rep, 'acme pricing sheet about halfway');
    expect(halfway.lines.map((line) => line.text)).toEqual(['"send the Acme pricing sheet": 50% done.']);
    const pushed = await say(rep, 'push the acme pricing sheet to friday');
    expect(pushed.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^"send the Acme pricing sheet": due \w{3}, \w{3} \d{1,2}\.$/),
    ]);
    expect(await row()).toMatchObject({ priority: 'high', progress: 50 });
    expect((await row()).due).not.toBe(start.due);

    for (const turn of [pushed, halfway, higher])
      expect(
        (await rep.post('/api/v1/assistant/actions', { turnId: turn.turnId, action: 'undo' })).status,
      ).toBe(200);
    expect(await row()).toEqual(start);

    // A colleague's words find none of the member's tasks.
    const other = await signIn(suite.app.url, suite.org.otherRep);
    const theirs = await say(other, 'acme pricing sheet -> low pri');
    expect(theirs.lines.map((line) => line.kind)).toEqual(['problem']);
    expect((await row()).priority).toBe(start.priority);
  });

  it('opens a deal from a sentence, and "undo" written takes back the member\'s own last change only', async () => {
    const opened = await say(rep, 'new 50k opp w/ Acme, closing end of next month', 'deals');
    expect(opened.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(
        /^Opened a deal with Acme, 50,000 USD, in \w[\w ]*, closing \d{4}-\d{2}-\d{2}\.$/,
      ),
    ]);
    const openedDeals = async () =>
      inDb<{ amount: string; owner_id: string }>(
        sql`select amount::text, owner_id from opportunities where name = 'Acme deal' and deleted_at is null`,
      );
    expect(await openedDeals()).toEqual([{ amount: '50000.00', owner_id: suite.org.rep.id }]);

    // Another member's "undo" is theirs: it finds nothing of the rep's.
    const other = await signIn(suite.app.url, suite.org.otherRep);
    const theirs = await say(other, 'undo that', 'deals');
    expect(theirs.lines.map((line) => line.text)).toEqual([
      'There is nothing to undo: Undo takes back your last change for 10 minutes.',
    ]);
    expect(await openedDeals()).toHaveLength(1);

    const undone = await say(rep, 'undo that', 'deals');
    expect(undone.lines.map((line) => line.text)).toEqual(['Undone: the deal with Acme.']);
    expect(await openedDeals()).toEqual([]);
    const again = await say(rep, 'undo', 'deals');
    expect(again.lines.map((line) => line.text)).toEqual([
      'There is nothing to undo: Undo takes back your last change for 10 minutes.',
    ]);
  });

  it('"cancel" written drops the change waiting for confirmation', async () => {
    const statuses = () =>
      inDb<{ id: string; status: string }>(sql`select id, status from opportunities order by id`);
    // An open deal to win: without one, the assistant says so instead of asking to confirm.
    const [acme] = await inDb<{ id: string }>(sql`select id from customers where name = 'Acme'`);
    await rep.post('/api/v1/opportunities', {
      name: 'Acme expansion',
      customerId: acme!.id,
      ownerId: suite.org.rep.id,
    });
    const before = await statuses();
    const held = await say(rep, 'Acme deal is won', 'cancelling');
    expect(held.actions.map((action) => action.action)).toEqual(['confirm', 'cancel']);
    const cancelled = await say(rep, 'cancel', 'cancelling');
    expect(cancelled.lines.map((line) => line.text)).toEqual(['Cancelled: nothing changed.']);
    expect(await statuses()).toEqual(before);
    expect(
      (await rep.post('/api/v1/assistant/actions', { turnId: held.turnId, action: 'confirm' })).status,
    ).toBe(409);
    const nothing = await say(rep, 'cancel', 'cancelling');
    expect(nothing.lines.map((line) => line.text)).toEqual(['There is nothing waiting to cancel.']);
  });

  it("sets a goal for a manager's team member and answers how they are doing; a rep may set none, another organization sees none", async () => {
    const goals = () =>
      inDb<{
        metric: string;
        interaction_type: string | null;
        target: string;
        period: string;
        owner: string;
      }>(
        sql`select metric, interaction_type, target::text, period, owner_user_id as owner
              from goals where deleted_at is null order by created_at`,
      );
    const manager = await signIn(suite.app.url, suite.org.manager);
    const set = await say(manager, 'set a goal of 100 calls for riley this week');
    expect(set.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^Set the goal "100 calls this week" for Riley Rep: \d+ so far \(\d+%\)\.$/),
    ]);
    expect(await goals()).toEqual([
      {
        metric: 'interactions_logged',
        interaction_type: 'call',
        target: expect.stringMatching(/^100(\.0+)?$/),
        period: 'week',
        owner: suite.org.rep.id,
      },
    ]);

    const mine = await say(rep, 'how am i tracking vs my goals?');
    expect(mine.turnId).toBeNull();
    expect(mine.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^100 calls this week \(you\): \d+ of 100, \d+%\.$/),
    ]);
    const asked = await say(manager, 'how is riley doing against her target');
    expect(asked.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^100 calls this week \(Riley Rep\): \d+ of 100, \d+%\.$/),
    ]);

    // Counted and ranked from the records: a call logged now is one more, and the team is ranked.
    const count = async () => {
      const [line] = (await say(rep, 'how many calls did I make this week?')).lines.map((l) => l.text);
      const counted =
        /^You logged (\d+) calls? between \w{3}, \w{3} \d{1,2} and \w{3}, \w{3} \d{1,2}\.$/.exec(line ?? '');
      expect(counted).not.toBeNull();
      return Number(counted![1]);
    };
    const calls = await count();
    await say(rep, 'called Jane Doe at Acme, no answer');
    expect(await count()).toBe(calls + 1);
    const board = await say(rep, "who's had the most calls this week?");
    expect(board.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^West, calls this week: 1\. Riley Rep \d+(?:, \d\. [A-Z]\w+ \w+ \d+)*\.$/),
    ]);
    // A question about the team is answered for the team, member by member, not for the one asking.
    const team = await say(rep, "how's the team doing on calls this week?");
    expect(team.lines.map((line) => line.text)).toEqual(board.lines.map((line) => line.text));

    // A rep has no right to set goals: the reply says so and nothing is written.
    const refused = await say(rep, 'my goal is 500k revenue this quarter');
    expect(refused.lines.map((line) => line.kind)).toEqual(['problem']);
    expect(await goals()).toHaveLength(1);

    // Another organization's manager, asking after a member of the same name, hears of no goal.
    const elsewhere = await buildOrganization(suite.app.database.db, { name: 'Elsewhere Inc' });
    const stranger = await signIn(suite.app.url, elsewhere.manager);
    const strangers = await say(stranger, 'how is riley doing on goals');
    expect(strangers.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^(?:Riley Rep has|You have) no goal for the current period\.$/),
    ]);

    // Their rankings count their own records: their Riley Rep logged nothing.
    const theirBoard = await say(stranger, "who's had the most calls this week?");
    expect(theirBoard.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^West, calls this week: .*\b1\. Riley Rep 0\b/),
    ]);

    // Undo takes the goal back.
    expect(
      (await manager.post('/api/v1/assistant/actions', { turnId: set.turnId, action: 'undo' })).status,
    ).toBe(200);
    expect(await goals()).toEqual([]);
  });
});
