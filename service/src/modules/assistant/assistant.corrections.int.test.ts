import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { tellAssistant } from '../../test/assistant.js';
import { tenantRows, useOrganizationApp } from '../../test/suite.js';
import type { AssistantReply } from './assistant.commands.js';

describe('the assistant corrects the last change in a later message', () => {
  const suite = useOrganizationApp({ organizationName: 'Second Thoughts Inc' });
  const inDb = tenantRows(suite);
  let rep: TestClient;
  let deal: { id: string };

  const say = (text: string, conversation = 'dm-1') => tellAssistant(rep, text, conversation);
  const amountOf = async (id: string) =>
    Number(
      (await inDb<{ amount: string }>(sql`select amount::text from opportunities where id = ${id}`))[0]!
        .amount,
    );

  it('"actually make that 50k" after "deal is now 40k" sets the same deal to 50k', async () => {
    rep = await signIn(suite.app.url, suite.org.rep);
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Acme Software', ownerId: suite.org.rep.id }),
    );
    deal = await json<{ id: string }>(
      await rep.post('/api/v1/opportunities', {
        name: 'Acme platform',
        customerId: customer.id,
        ownerId: suite.org.rep.id,
        amount: '25000',
      }),
    );
    await say('deal is now 40k for acme software');
    expect(await amountOf(deal.id)).toBe(40_000);

    const reply = await say('actually make that 50k');
    expect(reply.lines.map((line) => line.text)).toEqual(['Corrected: Acme platform: amount 50,000 USD.']);
    expect(await amountOf(deal.id)).toBe(50_000);
  });

  it("keeps a deal's currency when the amount said names none, and takes the one it names", async () => {
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Sterling Software', ownerId: suite.org.rep.id }),
    );
    const euro = await json<{ id: string }>(
      await rep.post('/api/v1/opportunities', {
        name: 'Sterling rollout',
        customerId: customer.id,
        ownerId: suite.org.rep.id,
        amount: '41500',
        currency: 'EUR',
      }),
    );
    const money = async () =>
      (
        await inDb<{ amount: string; currency: string }>(
          sql`select amount::text, currency from opportunities where id = ${euro.id}`,
        )
      )[0];
    const reply = await say('sterling software is now 45k', 'dm-eur');
    expect(reply.lines.map((line) => line.text)).toEqual(['Sterling rollout: amount 45,000 EUR.']);
    expect(await money()).toEqual({ amount: '45000.00', currency: 'EUR' });
    await say('actually make that 47.5k', 'dm-eur');
    expect(await money()).toEqual({ amount: '47500.00', currency: 'EUR' });
    await say('sterling software is now 50k usd', 'dm-eur-2');
    expect(await money()).toEqual({ amount: '50000.00', currency: 'USD' });
    // A new deal at the customer, its currency unsaid, is in the currency of the customer's latest deal.
    await rep.post('/api/v1/opportunities', {
      name: 'Sterling support',
      customerId: customer.id,
      ownerId: suite.org.rep.id,
      currency: 'GBP',
    });
    const opened = await say('new 20k opp w/ sterling software, closing end of june', 'dm-eur-3');
    expect(opened.lines.map((line) => line.text)).toEqual([expect.stringMatching(/, 20,000 GBP, /)]);
  });

  it('changes the open deal of a name another, closed deal shares', async () => {
    const customer = await json<{ id: string }>(
      await rep.post('/api/v1/customers', { name: 'Harbor City Services', ownerId: suite.org.rep.id }),
    );
    const [lost] = await inDb<{ id: string }>(sql`select id from stages where kind = 'lost' limit 1`);
    const deal = (body: Record<string, unknown>) =>
      rep.post('/api/v1/opportunities', {
        name: 'Harbor City Services - Implementation',
        customerId: customer.id,
        ownerId: suite.org.rep.id,
        amount: '129000',
        ...body,
      });
    expect((await deal({ stageId: lost!.id, lostReason: 'budget' })).status).toBe(201);
    const open = await json<{ id: string }>(await deal({}));
    const reply = await say('harbor city services - implementation is now 120k', 'dm-harbor');
    expect(reply.lines.map((line) => line.text)).toEqual([
      'Harbor City Services - Implementation: amount 120,000 USD.',
    ]);
    expect(await amountOf(open.id)).toBe(120_000);
  });

  it('"wait no, friday not thursday" moves the task it just made instead of making a second', async () => {
    await say('create a task to send acme software the deck thursday', 'dm-2');
    const [made] = await inDb<{ id: string; due: string }>(
      sql`select id, to_char(due_at, 'Dy') as due from tasks where deleted_at is null and title ilike '%deck%'`,
    );
    expect(made?.due).toBe('Thu');

    const reply = await say('wait no, friday not thursday', 'dm-2');
    expect(reply.lines[0]?.text).toMatch(/^Corrected: Created the task "send acme software the deck", due /);
    const tasks = await inDb<{ due: string }>(
      sql`select to_char(due_at, 'Dy') as due from tasks where deleted_at is null and title ilike '%deck%'`,
    );
    expect(tasks).toEqual([{ due: 'Fri' }]);

    // Undo takes the corrected task back too.
    const undone = await rep.post('/api/v1/assistant/actions', { turnId: reply.turnId, action: 'undo' });
    expect(undone.status).toBe(200);
    expect(await inDb(sql`select id from tasks where deleted_at is null and title ilike '%deck%'`)).toEqual(
      [],
    );
  });

  it('leaves everything as it was when nothing before it is corrected or the turn is another conversation', async () => {
    const before = await amountOf(deal.id);
    const other = await say('actually make that 70k', 'another-chat');
    expect(other.lines.some((line) => line.kind === 'changed')).toBe(false);
    expect(await amountOf(deal.id)).toBe(before);
  });

  it("never corrects another member's turn", async () => {
    const colleague = await signIn(suite.app.url, suite.org.manager);
    await say('deal is now 60k for acme software', 'shared');
    const response = await colleague.post('/api/v1/assistant/messages', {
      text: 'actually make that 10k',
      conversation: 'shared',
    });
    const reply = await json<AssistantReply>(response);
    expect(reply.lines.some((line) => line.text.startsWith('Corrected'))).toBe(false);
    expect(await amountOf(deal.id)).toBe(60_000);
  });

  it("cannot correct another organization's records", async () => {
    const other = await buildOrganization(suite.app.database.db, { name: 'Elsewhere Ltd' });
    const stranger = await signIn(suite.app.url, other.rep);
    const response = await stranger.post('/api/v1/assistant/messages', {
      text: 'actually make that 1k',
      conversation: 'shared',
    });
    expect(response.status).toBe(200);
    expect(await amountOf(deal.id)).toBe(60_000);
  });
});
