import { describe, expect, it } from '@jest/globals';
import { parse } from './index.js';
import { testContext } from './test-context.js';
import type { Command, Intent } from './types.js';

const one = (text: string, context = testContext): Command => {
  const [first] = parse(text, context).commands;
  if (!first) throw new Error('no command');
  return first;
};

describe('parse: one example per intent', () => {
  const cases: [string, Intent][] = [
    ['had a call with Jane at Acme Corp', 'log_interaction'],
    ['add a task to send the Globex proposal by Friday', 'create_task'],
    ['push the Initech proposal task to next week', 'update_task'],
    ['mark the Hooli deck task as done', 'complete_task'],
    ['new deal for Stark Industries worth 80k', 'create_opportunity'],
    ['move Initech to negotiation', 'update_opportunity'],
    ["what's due this week", 'query_tasks'],
    ["how's my pipeline", 'query_pipeline'],
    ['where are we with Globex', 'query_opportunity'],
    ['tell me about Umbrella Health', 'query_customer'],
    ['how is the team doing this month', 'query_performance'],
    ['am I on track for my Q3 goal', 'query_goals'],
    ['set a goal of 20 calls per week for Lena', 'set_goal'],
    ['remind me to call Bob tomorrow at 3pm', 'set_reminder'],
    ['help', 'help'],
    ['undo that', 'undo'],
    ['never mind', 'cancel'],
    ["what's the weather in Paris", 'unknown'],
  ];
  it.each(cases)('%s -> %s', (text, intent) => {
    const c = one(text);
    expect(c.confidence < 0.5 ? 'unknown' : c.intent).toBe(intent);
  });
});

describe('parse: the issue example', () => {
  it('splits a three-clause message into log, task and deal update', () => {
    const { commands } = parse(
      'had a call with Jane at Acme, they want a proposal by Friday, deal is now 40k',
      {
        ...testContext,
        known: { ...testContext.known, customers: ['Acme Corp'] },
      },
    );
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'create_task', 'update_opportunity']);
    expect(commands[0]?.entities).toMatchObject({
      interactionType: 'call',
      customer: 'Acme Corp',
      contact: 'Jane Doe',
    });
    expect(commands[1]?.entities).toMatchObject({ category: 'proposal', dueDate: '2025-03-14' });
    expect(commands[2]?.entities).toMatchObject({
      customer: 'Acme Corp',
      amount: { value: 40000, currency: 'USD' },
    });
  });

  it('gives spans into the original text, in order', () => {
    const text = 'met Bob at Initech. remind me to send the contract tomorrow';
    const spans = parse(text, testContext).commands.map((c) => text.slice(c.span[0], c.span[1]).trim());
    expect(spans).toEqual(['met Bob at Initech', 'remind me to send the contract tomorrow']);
  });
});

describe('parse: missing, alternatives, confidence', () => {
  it('names what a command needs but the text did not give', () => {
    expect(one('remind me').missing).toEqual(expect.arrayContaining(['title', 'remindAt']));
    expect(one('assign the renewal prep').missing).toContain('assignee');
    expect(one('set a goal').missing).toEqual(expect.arrayContaining(['metric', 'target']));
  });

  it('lists other known names that fit as well', () => {
    const context = {
      ...testContext,
      known: { ...testContext.known, customers: ['Acme Corp', 'Acme Inc', 'Globex'] },
    };
    const c = one('had a call with Acme today', context);
    expect(c.entities.customer).toBe('Acme Corp');
    expect(c.alternatives?.customer).toEqual(['Acme Inc']);
  });

  it('is not confident about chatter', () => {
    for (const text of ['lol', 'thanks!', 'who won the game last night', 'I need to pick up my kids']) {
      const c = one(text);
      expect(c.intent === 'unknown' || c.confidence < 0.5).toBe(true);
    }
  });

  it('works without any context', () => {
    const c = parse('remind me tomorrow to call Bob').commands[0];
    expect(c?.intent).toBe('set_reminder');
    expect(c?.entities.remindAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("parse: the tenant's own stage names", () => {
  const salesforce = {
    ...testContext,
    known: {
      ...testContext.known,
      stages: [
        'Prospecting',
        'Qualification',
        'Needs Analysis',
        'Proposal/Price Quote',
        'Negotiation/Review',
        'Closed Won',
        'Closed Lost',
      ],
    },
  };
  it.each([
    ['all qualified opps', 'query_pipeline', 'Qualification'],
    ['move Initech to qualified', 'update_opportunity', 'Qualification'],
    ['Globex -> proposal', 'update_opportunity', 'Proposal/Price Quote'],
    ['move Hooli to negotiation', 'update_opportunity', 'Negotiation/Review'],
    ['we won Initech', 'update_opportunity', 'Closed Won'],
    ['move Acme Corp to needs analysis', 'update_opportunity', 'Needs Analysis'],
  ])('%s -> %s in %s', (text, intent, stage) => {
    const c = one(text, salesforce);
    expect(c.intent).toBe(intent);
    expect(c.entities.stage).toBe(stage);
  });
});
