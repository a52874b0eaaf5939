import { describe, expect, it } from '@jest/globals';
import { parseUnguarded } from './parse.js';
import { testContext } from './test-context.js';
import type { Command, ParseContext } from './types.js';

const after = (previous: Pick<Command, 'intent' | 'entities'>): ParseContext => ({
  ...testContext,
  previous,
});

describe('a correction of the previous command', () => {
  const deal = {
    intent: 'update_opportunity' as const,
    entities: { customer: 'Acme Corp', amount: { value: 40_000, currency: 'USD' } },
  };
  const task = {
    intent: 'create_task' as const,
    entities: { title: 'send the proposal', dueDate: '2025-03-13' },
  };

  it('takes the new value and keeps the previous intent', () => {
    const [command, ...rest] = parseUnguarded('actually make that 50k', after(deal)).commands;
    expect(rest).toEqual([]);
    expect(command).toMatchObject({
      intent: 'update_opportunity',
      corrects: true,
      entities: { amount: { value: 50_000, currency: 'USD' } },
    });
  });

  it('ignores the value it takes back', () => {
    const [command] = parseUnguarded('wait no, friday not thursday', after(task)).commands;
    // Wednesday 2025-03-12 is "now": the coming Friday is the 14th.
    expect(command).toMatchObject({
      intent: 'create_task',
      corrects: true,
      entities: { dueDate: '2025-03-14' },
    });
  });

  it('is an ordinary message without a previous command, or when it states nothing new', () => {
    expect(parseUnguarded('actually make that 50k', testContext).commands[0]!.corrects).toBeUndefined();
    const [command] = parseUnguarded('no thanks', after(task)).commands;
    expect(command!.corrects).toBeUndefined();
    expect(command!.intent).toBe('cancel');
  });
});
