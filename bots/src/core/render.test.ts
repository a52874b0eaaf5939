/**
 * The reply model rendered for each platform: Adaptive Cards valid against the official 1.5 schema
 * (../shared/testdata/teams/adaptive-cards) and under Teams' 40 KB, Block Kit within Slack's 50 blocks
 * and 3,000 characters a section, with text escaped and the buttons carrying their turn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import type { Reply } from './directory.js';
import {
  notificationToCard,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_SECTION,
  TEAMS_MAX_CARD_BYTES,
  toAdaptiveCard,
  toSlackMessage,
} from './render.js';

const CARD_SCHEMA = fileURLToPath(
  new URL(
    '../../../../shared/testdata/teams/adaptive-cards/schema/adaptive-card-1.5.0.json',
    import.meta.url,
  ),
);
/** The text of a section block ('' for others). */
const textOf = (block: object): string => {
  const text = (block as { text?: unknown }).text;
  return typeof text === 'object' && text !== null && 'text' in text ? String(text.text) : '';
};
const TURN = '01a23b45-c596-718e-9824-de5d079ef8b5';

const done: Reply = {
  turnId: TURN,
  text: 'Logged the call with Jane Doe at Acme. Acme platform: amount 40,000 USD.',
  lines: [
    { kind: 'changed', text: 'Logged the call with Jane Doe at Acme.', link: '/interactions/1' },
    { kind: 'changed', text: 'Acme platform: amount 40,000 USD.', link: '/opportunities/2' },
    { kind: 'problem', text: 'There is no customer called <Initech> & co.' },
  ],
  actions: [{ action: 'undo', label: 'Undo', turnId: TURN, expiresAt: '2026-12-03T10:00:00.000Z' }],
};
const pending: Reply = {
  ...done,
  lines: [{ kind: 'question', text: 'Should I mark Acme platform as won?' }],
  actions: [
    { action: 'confirm', label: 'Yes, do it', turnId: TURN, expiresAt: '2026-12-03T10:00:00.000Z' },
    { action: 'cancel', label: 'Cancel', turnId: TURN, expiresAt: '2026-12-03T10:00:00.000Z' },
  ],
};
const huge: Reply = {
  turnId: null,
  text: 'Your tasks',
  lines: Array.from({ length: 400 }, (_, i) => ({
    kind: 'answer' as const,
    text: `Task ${i}: ${'x'.repeat(4_000)}`,
  })),
  actions: [],
};

(existsSync(CARD_SCHEMA) ? describe : describe.skip)('Adaptive Cards for Teams', () => {
  // Compiled in the tests, not while collecting: a skipped describe still runs its body.
  let validate: ReturnType<Ajv['compile']> | undefined;
  const validator = () => {
    if (validate) return validate;
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object);
    const schema = JSON.parse(readFileSync(CARD_SCHEMA, 'utf8')) as { id?: string };
    delete schema.id;
    return (validate = ajv.compile(schema));
  };
  const errorsOf = (card: unknown) => (validator()(card) ? [] : validator().errors);

  it('every card the bot sends is valid Adaptive Card 1.5', () => {
    for (const reply of [done, pending, huge])
      expect(errorsOf(toAdaptiveCard(reply, 'https://crm.example.org'))).toEqual([]);
    expect(
      errorsOf(
        notificationToCard({
          title: 'New task',
          body: 'Call Acme',
          link: 'https://crm.example.org/tasks/1',
          kind: 'task.assigned',
        }),
      ),
    ).toEqual([]);
    // The schema does fail a card that breaks it.
    expect(errorsOf({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).not.toEqual([]);
  });

  it('buttons are Action.Execute with the turn, links are absolute, and a long answer stays under 40 KB', () => {
    const card = toAdaptiveCard(pending, 'https://crm.example.org');
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: 'confirm', data: { turnId: TURN } }),
      expect.objectContaining({ type: 'Action.Execute', verb: 'cancel', data: { turnId: TURN } }),
    ]);
    expect(JSON.stringify(toAdaptiveCard(done, 'https://crm.example.org'))).toContain(
      '(https://crm.example.org/interactions/1)',
    );
    const big = toAdaptiveCard(huge, 'https://crm.example.org');
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(TEAMS_MAX_CARD_BYTES);
    expect(JSON.stringify(big.body.at(-1))).toMatch(/and \d+ more/);
  });
});

describe('Block Kit for Slack', () => {
  it("escapes Slack's control characters, links to records and carries the turn on its buttons", () => {
    const message = toSlackMessage(done, 'https://crm.example.org');
    const texts = message.blocks.map(textOf);
    expect(texts).toContain('⚠️ There is no customer called &lt;Initech&gt; &amp; co.');
    expect(texts[0]).toBe(
      '✅ Logged the call with Jane Doe at Acme. <https://crm.example.org/interactions/1|Open>',
    );
    expect(message.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'closer_undo', text: { type: 'plain_text', text: 'Undo' }, value: TURN },
      ],
    });
  });

  it('keeps to 50 blocks and 3,000 characters a section however long the answer', () => {
    const message = toSlackMessage({ ...huge, actions: done.actions }, 'https://crm.example.org');
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    for (const block of message.blocks) expect(textOf(block).length).toBeLessThanOrEqual(SLACK_MAX_SECTION);
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });
});
