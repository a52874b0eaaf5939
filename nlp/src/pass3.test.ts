import { describe, expect, it } from '@jest/globals';
import { parse } from './index.js';
import { testContext } from './test-context.js';

const intents = (text: string): string[] =>
  parse(text, testContext).commands.map((c) => (c.confidence < 0.5 ? 'unknown' : c.intent));

describe('parse: deal dates, colleague requests and folded reminders', () => {
  it('gives a deliverable deadline to the task and the close language to the deal', () => {
    const [task, deal] = parse(
      'we owe Hooli the SOW by Friday; they expect to sign by the end of April',
      testContext,
    ).commands;
    expect(task?.intent).toBe('create_task');
    expect(task?.entities.dueDate).toBe('2025-03-14');
    expect(deal?.intent).toBe('update_opportunity');
    expect(deal?.entities.closeDate).toBe('2025-04-30');
  });

  it('never reads a past date as a close date', () => {
    const [c] = parse('we sent the proposal out yesterday', testContext).commands;
    expect(c?.entities.closeDate).toBeUndefined();
  });

  it('makes a request to a named colleague its own task', () => {
    const cmds = parse(
      'met Wei at Hooli; Lena please send him the deck by Thursday; deal is now 90k',
      testContext,
    ).commands;
    expect(cmds.map((c) => c.intent)).toEqual(['log_interaction', 'create_task', 'update_opportunity']);
    expect(cmds[1]?.entities.assignee).toBe('U0456DEF');
  });

  it('folds a bare "can you remind me" into the plan before it', () => {
    const [c, ...rest] = parse('I need to call Priya on Friday, can you remind me', testContext).commands;
    expect(rest).toHaveLength(0);
    expect(c?.intent).toBe('set_reminder');
    expect(c?.entities.remindAt).toBe('2025-03-14');
  });

  it.each([
    ['thanks for the help yesterday', 'unknown'],
    ['please withdraw the last change', 'undo'],
    ['disregard that', 'cancel'],
    ['how did Lena do last month', 'query_performance'],
    ["Lena's pipeline", 'query_pipeline'],
    ['knocked out the Wayne data cleanup', 'complete_task'],
  ])('%s -> %s', (text, intent) => {
    expect(intents(text)).toEqual([intent]);
  });
});
