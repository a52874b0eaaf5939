import { describe, expect, it } from '@jest/globals';
import { parse } from '../index.js';
import { testContext } from '../test-context.js';
import type { Entities } from '../types.js';

const entities = (text: string, context = testContext): Entities =>
  parse(text, context).commands[0]?.entities ?? {};

describe('entities', () => {
  it('customer: case, typos and suffixes resolve to the known name', () => {
    expect(entities('called initech about pricing').customer).toBe('Initech');
    expect(entities('met with Stark Industires today').customer).toBe('Stark Industries');
    expect(entities('had a call with Umbrella').customer).toBe('Umbrella Health');
  });

  it('customer: unknown organisations come from tagging', () => {
    expect(entities('had a call with Northwind Traders').customer).toBe('Northwind Traders');
  });

  it('contact: first names and typos', () => {
    expect(entities('call with Jnae at Globex').contact).toBe('Jane Doe');
    expect(entities('spoke with Priya about the renewal').contact).toBe('Priya Patel');
  });

  it('assignee: Slack and Teams mentions and known names become user ids', () => {
    expect(entities('<@U0456DEF> please send the deck by Friday').assignee).toBe('U0456DEF');
    expect(entities('<at>Sam Rivera</at> please prep the QBR').assignee).toBe('U0123ABC');
    expect(entities('assign the Globex follow up to Lena').assignee).toBe('U0456DEF');
  });

  it('opportunity: known deal names', () => {
    expect(entities('Globex Pilot is qualified').opportunity).toBe('Globex Pilot');
  });

  it('interactionType and outcome', () => {
    expect(entities('demo with Hooli went great 🎉')).toMatchObject({
      interactionType: 'demo',
      outcome: 'positive',
    });
    expect(entities('emailed Bob, not interested')).toMatchObject({
      interactionType: 'email',
      outcome: 'negative',
    });
    // A voicemail says no conversation happened, not how one went.
    expect(entities('called Priya, left a voicemail')).toEqual({
      contact: 'Priya Patel',
      interactionType: 'call',
    });
    expect(entities('note: Hooli is hiring a new CFO').interactionType).toBe('note');
    expect(entities('texted Jane').interactionType).toBe('message');
    expect(entities('met Bob at Initech').interactionType).toBe('meeting');
  });

  it('summary and title', () => {
    expect(entities('call with Initech re pricing tiers').summary).toBe('pricing tiers');
    expect(entities('remind me to call Bob tomorrow').title).toBe('call Bob');
  });

  it('category, priority, visibility', () => {
    expect(entities('add a task to send the proposal to Hooli, urgent')).toMatchObject({
      category: 'proposal',
      priority: 'high',
    });
    expect(entities('todo: follow up with Jane whenever').priority).toBe('low');
    expect(entities('create a task to finish the sales training, critical').priority).toBe('critical');
    expect(entities('add a task to update the CRM records, medium priority').category).toBe('data_entry');
    expect(entities('add a task to schedule a meeting with Globex, just between us').visibility).toBe(
      'private',
    );
    expect(entities('make a team task: everyone logs their calls').visibility).toBe('team');
  });

  it('dates: due, remind, occurred, close', () => {
    expect(entities('send the deck to Jane EOD Friday').dueDate).toBe('2025-03-14');
    expect(entities('send the deck to Jane by 3pm Friday').dueDate).toBe('2025-03-14T15:00:00-04:00');
    expect(entities('remind me tomorrow at 3pm to call Bob').remindAt).toBe('2025-03-13T15:00:00-04:00');
    expect(entities('met with Globex yesterday').occurredAt).toBe('2025-03-11');
    expect(entities('Initech deal is closing end of quarter').closeDate).toBe('2025-03-31');
    expect(entities('need to send the quote by the 15th').dueDate).toBe('2025-03-15');
    expect(entities('add a task to call Bob in 3 days').dueDate).toBe('2025-03-15');
    expect(entities('add a task to call Bob next Tuesday').dueDate).toBe('2025-03-18');
    expect(entities('add a task to review the contract by end of month').dueDate).toBe('2025-03-31');
  });

  it('dates: resolved in the context time zone', () => {
    const auckland = { ...testContext, timezone: 'Pacific/Auckland' };
    expect(entities('remind me tomorrow to call Bob', auckland).remindAt).toBe('2025-03-14');
    const berlin = { ...testContext, timezone: 'Europe/Berlin' };
    expect(entities('remind me April 1 at 10am to call Bob', berlin).remindAt).toBe(
      '2025-04-01T10:00:00+02:00',
    );
  });

  it('amount: k, M, grand, symbols and codes, context currency', () => {
    expect(entities('Acme deal is now 40k').amount).toEqual({ value: 40000, currency: 'USD' });
    expect(entities('bump the Hooli deal to $1.2M').amount).toEqual({ value: 1200000, currency: 'USD' });
    expect(entities('new deal for Initech, €50,000').amount).toEqual({ value: 50000, currency: 'EUR' });
    expect(entities('new deal for Initech, 50 grand').amount).toEqual({ value: 50000, currency: 'USD' });
    expect(entities('new deal for Globex, USD 12,500').amount).toEqual({ value: 12500, currency: 'USD' });
    expect(entities('new deal for Globex, 10k', { ...testContext, currency: 'GBP' }).amount).toEqual({
      value: 10000,
      currency: 'GBP',
    });
  });

  it('stage: synonyms and tenant names', () => {
    expect(entities('we are negotiating with Initech now').stage).toBe('Negotiation');
    expect(entities('Hooli closed it!').stage).toBe('Won');
    expect(entities('we lost it, Globex went with a competitor').stage).toBe('Lost');
    const tenant = {
      ...testContext,
      known: { ...testContext.known, stages: ['Discovery', 'Closed Won', 'Closed Lost'] },
    };
    expect(entities('we won Globex', tenant).stage).toBe('Closed Won');
  });

  it('status and progress', () => {
    expect(entities('the NDA task is blocked')).toMatchObject({ status: 'blocked' });
    expect(entities('the Hooli deck task is 60% done')).toMatchObject({ progress: 60 });
    expect(entities('started working on the pricing task').status).toBe('in_progress');
  });

  it('durationMinutes', () => {
    expect(entities('30 min call with Bob').durationMinutes).toBe(30);
    expect(entities('hour long meeting with Globex').durationMinutes).toBe(60);
  });

  it('period, metric, target', () => {
    expect(entities("what's due this week").period).toEqual({ from: '2025-03-10', to: '2025-03-16' });
    expect(entities('how many calls did I make last month')).toMatchObject({
      metric: 'calls',
      period: { from: '2025-02-01', to: '2025-02-28' },
    });
    expect(entities('my Q2 target is 500k')).toMatchObject({
      metric: 'revenue',
      target: 500000,
      period: { from: '2025-04-01', to: '2025-06-30' },
    });
  });
});
