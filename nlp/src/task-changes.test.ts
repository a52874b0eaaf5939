import { describe, expect, it } from '@jest/globals';
import { parseUnguarded } from './parse.js';
import { testContext } from './test-context.js';
import type { Command } from './types.js';

const commands = (text: string): Command[] => parseUnguarded(text, testContext).commands;
const only = (text: string): Command => {
  const [command, ...rest] = commands(text);
  expect(rest).toEqual([]);
  return command!;
};

describe('a task change that points back at its task', () => {
  it.each([
    ['push it to friday', 'update_task', { dueDate: '2025-03-14' }],
    ['move it to friday', 'update_task', { dueDate: '2025-03-14' }],
    ['bump that one to tomorrow', 'update_task', { dueDate: '2025-03-13' }],
    ['make that urgent', 'update_task', { priority: 'high' }],
    ['make it high priority', 'update_task', { priority: 'high' }],
    ['assign it to lena', 'update_task', { assignee: 'U0456DEF' }],
    ['mark it done', 'complete_task', {}],
    ['close it out', 'complete_task', {}],
    ['this one -> low pri', 'update_task', { priority: 'low' }],
  ])('"%s" is a change of the task the conversation is on, with no title', (text, intent, entities) => {
    const command = only(text);
    expect(command).toMatchObject({ intent, refersBack: true, entities });
    expect(command.entities.title).toBeUndefined();
    expect(command.missing).not.toContain('title');
    expect(command.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('does not point back when the task is named', () => {
    const command = only('push the Acme deck to friday');
    expect(command.refersBack).toBeUndefined();
    expect(command.entities).toMatchObject({ title: 'Acme deck', customer: 'Acme Corp' });
  });

  it('is a detail of the task said before it in the same message', () => {
    const [task, ...rest] = commands('lena take the Hooli SOW, due fri, and make it team visible');
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', assignee: 'U0456DEF' },
    });
  });

  it('after a question about a deal, moves the deal, not a task', () => {
    const [asked, moved, ...rest] = commands(
      "what's the close date on the Globex pilot? pls push it to apr 30",
    );
    expect(rest).toEqual([]);
    expect(asked!.intent).toBe('query_opportunity');
    expect(moved).toMatchObject({ intent: 'update_opportunity', entities: { closeDate: '2025-04-30' } });
  });

  it('keeps a colon announcing a new task for the task', () => {
    expect(only('assign this to <@U0456DEF>: chase Initech for the signed PO').intent).toBe('create_task');
  });
});

describe('a push of a due date', () => {
  it.each([
    ['push the proposal to next week', 'week'],
    ['postpone the proposal to next month', 'month'],
    ['move the proposal back to friday', 'weekday'],
    ['delay the deck until tomorrow', 'date'],
    ['slip the Acme follow up a week', 'week'],
    ['push f/u with Bob to next week', 'week'],
    ['push it back a week', 'week'],
  ])('"%s" is a push by %s', (text, period) => {
    const command = only(text);
    expect(command.intent).toBe('update_task');
    expect(command.push).toBe(period);
    expect(command.entities.dueDate).toBeDefined();
  });

  it.each([
    ['push it back a week', { days: 7 }],
    ['slip the deck 2 days', { days: 2 }],
    ['push the Acme deck by a couple of weeks', { days: 14 }],
    ['delay the Acme deck a month', { months: 1 }],
  ])('"%s" is a push by an amount, counted from the due date', (text, amount) => {
    const command = only(text);
    expect(command).toMatchObject({ intent: 'update_task', pushBy: amount });
    expect(command.entities.dueDate).toBeDefined();
    expect(command.entities.title ?? '').not.toMatch(/week|day|month/);
  });

  it.each(['push the deck to next week', 'push it a week from friday'])('"%s" names no amount', (text) => {
    expect(only(text).pushBy).toBeUndefined();
  });

  it.each([
    'move the proposal to next week',
    'acme pricing sheet -> high pri',
    'push the Acme deal to negotiation',
  ])('"%s" is no push', (text) => {
    expect(commands(text).some((command) => command.push !== undefined)).toBe(false);
  });

  it('is not what a customer did', () => {
    expect(commands('Globex pushed the demo to friday').some((c) => c.intent === 'update_task')).toBe(false);
  });
});

describe('a question about overdue tasks', () => {
  it.each(["what's overdue?", 'anything past due for lena?', 'which of my tasks are late'])(
    '"%s" asks for overdue tasks',
    (text) => {
      expect(only(text)).toMatchObject({ intent: 'query_tasks', overdue: true });
    },
  );

  it('is not said of every task question', () => {
    expect(only("what's due this week?").overdue).toBeUndefined();
  });
});
