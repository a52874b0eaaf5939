import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseUnguarded } from './index.js';
import { testContext } from './test-context.js';
import type { ParseResult } from './types.js';

const INTENTS = new Set([
  'log_interaction',
  'create_task',
  'update_task',
  'complete_task',
  'create_opportunity',
  'update_opportunity',
  'query_tasks',
  'query_pipeline',
  'query_opportunity',
  'query_customer',
  'query_performance',
  'query_goals',
  'set_goal',
  'set_reminder',
  'help',
  'undo',
  'cancel',
  'unknown',
]);

function assertShape(result: ParseResult, text: string): void {
  expect(Array.isArray(result.commands)).toBe(true);
  expect(result.commands.length).toBeGreaterThan(0);
  let last = 0;
  for (const c of result.commands) {
    expect(INTENTS.has(c.intent)).toBe(true);
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
    expect(typeof c.entities).toBe('object');
    expect(Array.isArray(c.missing)).toBe(true);
    const [start, end] = c.span;
    expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThanOrEqual(start);
    expect(end).toBeLessThanOrEqual(text.length);
    expect(start).toBeGreaterThanOrEqual(last);
    last = start;
  }
}

const words = fc.constantFrom(
  'call',
  'with',
  'Acme',
  'remind',
  'me',
  'tomorrow',
  '40k',
  '$1.2M',
  'EOD',
  'Friday',
  '<@U0123ABC>',
  '<at>Jane Doe</at>',
  '<https://x.y|label>',
  ',',
  '.',
  'and',
  'then',
  '🎉',
  ':tada:',
  'the 15th',
  'deal',
  'task',
  'done',
  '50%',
  'undo',
  '\n',
);

// The unguarded parser, so that a crash fails the property instead of reading as `unknown`.
describe('parse never throws and keeps the contract shape', () => {
  it('for arbitrary Unicode up to 10,000 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 10_000 }), (text) => {
        assertShape(parseUnguarded(text, testContext), text);
      }),
      { numRuns: 150 },
    );
  });

  it('for arbitrary code units, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => {
        assertShape(parseUnguarded(text), text);
      }),
      { numRuns: 150 },
    );
  });

  it('for sales-chat-like word salad', () => {
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const text = parts.join(' ');
        assertShape(parseUnguarded(text, testContext), text);
      }),
      { numRuns: 300 },
    );
  });

  it('for malformed contexts from untyped callers', () => {
    const bad: unknown[] = [
      null,
      42,
      { now: 'not a date', timezone: 'Mars/Olympus', known: { users: [null, 1] } },
    ];
    for (const context of bad) {
      // The contract is typed, but the bots may pass through whatever a tenant configured.
      assertShape(
        parseUnguarded('remind me tomorrow to call Jane', context as never),
        'remind me tomorrow to call Jane',
      );
    }
  });
});
