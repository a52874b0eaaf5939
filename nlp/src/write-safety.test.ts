import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { contextFor, readCorpus } from './eval/corpus.js';
import { corpusDir } from './eval/paths.js';
import { corpusContext } from './eval/run.js';
import { CONFIRM_BELOW, parseUnguarded } from './parse.js';
import { READ_ONLY } from './slots.js';
import type { Command, ParseContext } from './types.js';

/** A question asked about `statement`, the statement being a change the corpus writes. */
const QUESTIONS: ((statement: string) => string)[] = [
  (s) => `${s}?`,
  (s) => `did anyone ${s}?`,
  (s) => `has anyone ${s}`,
  (s) => `who ${s}?`,
  (s) => `can you tell me if ${s}`,
  (s) => `do we know whether ${s}?`,
  (s) => `is it true that ${s}`,
  (s) => `any idea if ${s}?`,
  (s) => `what happened after ${s}?`,
  (s) => `hey, quick q: did we ${s}?`,
];

const writes = (commands: Command[]) =>
  commands.filter((command) => !READ_ONLY.has(command.intent) && command.confidence >= 0.5);

describe('write-safety: a question never comes back as a change', () => {
  const base = corpusContext();
  // Every phrasing of a change in the training corpus, as one clause (a question mark closes a clause,
  // so a statement of several clauses with one at the end asks about its last only).
  const statements = readCorpus(join(corpusDir, 'train.jsonl')).filter(
    (item) =>
      item.expected.length === 1 &&
      !READ_ONLY.has(item.expected[0]!.intent) &&
      !['undo', 'cancel'].includes(item.expected[0]!.intent) &&
      // Emoji end a clause too ("Acme won 🎉 remind me Monday").
      !/[,;.!?\n•]|\s[-–—]{1,2}\s|\s(?:and|then|but|also|plus|so|\+|&)\s|\p{Extended_Pictographic}/iu.test(
        item.text.trim().replace(/[.!]+$/, ''),
      ),
  );

  it('over every write phrasing of the corpus, asked in ten ways', () => {
    expect(statements.length).toBeGreaterThan(150);
    const failures: string[] = [];
    for (const item of statements) {
      const context: ParseContext = contextFor(item, base);
      const statement = item.text.trim().replace(/[.!]+$/, '');
      const lowered = statement[0]!.toLowerCase() + statement.slice(1);
      // "can you remind me ...?", "could Lena prepare ...?": a command asked nicely is still a command.
      const addressed = lowered.replace(/^(?:<at>[^<]*<\/at>|<@[^>]+>)\s*/, '');
      const request = /^(?:\S+\s+)?(?:can|could|would|will)\s+(?:you|u|we|someone|[A-Z]\w+)\b/.test(
        addressed,
      );
      for (const [index, question] of QUESTIONS.entries()) {
        if (index === 0 && request) continue;
        const text = question(index === 0 ? statement : lowered);
        const changed = writes(parseUnguarded(text, context).commands);
        if (changed.length) failures.push(`${text} -> ${changed.map((c) => c.intent).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('while the statements themselves, and polite requests, still change things', () => {
    const context = base;
    for (const text of [
      'had a call with Jane at Acme, they want a proposal by Friday',
      'can you log a call with Jane at Acme?',
      'Lena can you draft the SOW for Globex by the 15th?',
      'could you remind me tomorrow at 9 to call Bob?',
    ])
      expect({ text, writes: writes(parseUnguarded(text, context).commands).length > 0 }).toEqual({
        text,
        writes: true,
      });
  });

  it('asks the assistant to confirm a change it is unsure of, and never a question', () => {
    const sure = parseUnguarded('log a call with Jane at Acme, went well', base).commands[0]!;
    expect(sure.intent).toBe('log_interaction');
    expect(sure.confirm).toBe(sure.confidence < CONFIRM_BELOW);
    const question = parseUnguarded('what is due this week?', base).commands[0]!;
    expect(question.confirm).toBe(false);
    // A change read from a question ("how much did ... close") is a question now, and unflagged.
    const asked = parseUnguarded('how much did Chris close this quarter?', base).commands[0]!;
    expect(READ_ONLY.has(asked.intent)).toBe(true);
    expect(asked.confirm).toBe(false);
  });
});

describe('write-safety: questions built around a clause that reads like a change', () => {
  // A topic before the question, a question tag, a question pointing back: one question, no change.
  it.each([
    'Stark deal, where is it at?',
    'the Hooli demo, did it go well?',
    'Initech pricing task, is it done?',
    'new opp for Soylent, did someone create it already?',
    'Acme moved to negotiation, right?',
    "we lost Globex, didn't we?",
    "remind me, what's due today?",
    'call notes from Acme, where are they?',
  ])('%s', (text) => {
    expect(writes(parseUnguarded(text, corpusContext()).commands)).toEqual([]);
  });

  it('while a change the rules are sure of, then a question, is both', () => {
    const { commands } = parseUnguarded(
      'wrapped up the Cyberdyne proposal, what else is on my plate?',
      corpusContext(),
    );
    expect(commands.map((c) => c.intent)).toEqual(['complete_task', 'query_tasks']);
  });
});

describe('write-safety: deals named by their stage, with no verb, are listed', () => {
  // Where a stage verb ("qualified opps") and a listing ("all ... opps") read alike, the listing wins.
  it.each([
    ['all qualified opps', 'query_pipeline', 'Qualified'],
    ['all deals in negotiation', 'query_pipeline', 'Negotiation'],
    ['lost deals this quarter', 'query_pipeline', 'Lost'],
    ['won deals this month', 'query_performance', undefined],
  ])('%s asks (%s)', (text, intent, stage) => {
    const { commands } = parseUnguarded(text, corpusContext());
    expect(commands.map((c) => [c.intent, c.entities.stage])).toEqual([[intent, stage]]);
  });

  it('while a verb still moves them', () => {
    const { commands } = parseUnguarded('moved the qualified deals to negotiation', corpusContext());
    expect(commands.map((c) => [c.intent, c.entities.stage])).toEqual([
      ['update_opportunity', 'Negotiation'],
    ]);
  });
});

describe('write-safety: a question with a typo in its question word', () => {
  // Asked as written or as read once shorthand and typos are mended.
  it.each([
    "wht's sam working on",
    'was umbrella moed to proposal yet',
    'wat deals did we win last month',
    'sow me the deals in legal review',
  ])('%s', (text) => {
    expect(writes(parseUnguarded(text, corpusContext()).commands)).toEqual([]);
  });
});
