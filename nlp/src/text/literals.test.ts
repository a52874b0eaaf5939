import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { join } from 'node:path';
import { contextFor, readCorpus } from '../eval/corpus.js';
import { corpusDir } from '../eval/paths.js';
import { corpusContext } from '../eval/run.js';
import { english } from '../lexicon/index.js';
import { parseUnguarded } from '../parse.js';
import { PatternIndex, requiredLiterals } from './literals.js';

describe('requiredLiterals', () => {
  it('reads the words every match must contain', () => {
    expect(requiredLiterals(/\b(?:call|ring) (?:bob|jane)\b/i)?.sort()).toEqual(
      ['call bob', 'call jane', 'ring bob', 'ring jane'].sort(),
    );
    expect(requiredLiterals(/^follow[- ]?ups?\s+with\b/i)?.sort()).toEqual(
      ['followup', 'followups', 'follow-up', 'follow-ups', 'follow up', 'follow ups'].sort(),
    );
    // A run too varied to spell out is read by its most telling part.
    expect(requiredLiterals(/\bsend\s+\w+ the (?:deck|proposal)\b/i)?.sort()).toEqual([
      ' the deck',
      ' the proposal',
    ]);
    expect(requiredLiterals(/Acme (?:Corp)?/)).toEqual(['acme ', 'acme corp']);
  });

  it('requires nothing of a pattern that can match without a literal', () => {
    expect(requiredLiterals(/\w+(?:is|was)?/i)).toBeUndefined();
    expect(requiredLiterals(/\w+ (?:is|was)?/i)).toEqual([' ', ' is', ' was']);
    expect(requiredLiterals(/(?:call|x*) bob/i)).toEqual([' bob']);
    expect(requiredLiterals(/(?:call|x*)/i)).toBeUndefined();
    expect(requiredLiterals(/done/y)).toBeUndefined();
  });

  // The index is sound only if every match holds a required literal: random patterns over a small alphabet,
  // random texts over the same letters.
  const piece: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
    re: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('a', 'b', 'c', ' ', 'A', '[ab]', '[^a]', '.', '\\w', '\\b', '^', '$', '\\s'),
      fc.tuple(tie('re'), tie('re')).map(([x, y]) => x + y),
      fc.tuple(tie('re'), tie('re')).map(([x, y]) => `(?:${x}|${y})`),
      fc
        .tuple(tie('re'), fc.constantFrom('?', '*', '+', '{2}', '{0,2}', '{1,3}'))
        .map(([x, q]) => `(?:${x})${q}`),
      tie('re').map((x) => `(?=${x})`),
      tie('re').map((x) => `(?!${x})`),
      tie('re').map((x) => `(?<=${x})`),
      tie('re').map((x) => `(${x})`),
    ),
  })).re;

  it('finds, in every text a pattern matches, one of the literals it requires', () => {
    fc.assert(
      fc.property(
        piece,
        fc.array(fc.stringMatching(/^[abcAB ]{0,12}$/), { maxLength: 8 }),
        (source, texts) => {
          const re = new RegExp(source, 'i');
          const need = requiredLiterals(re);
          if (!need) return;
          for (const text of texts)
            if (re.test(text)) expect(need.some((s) => text.toLowerCase().includes(s))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('PatternIndex', () => {
  it('finds the patterns a text matches, in their order', () => {
    const patterns = [/\bcall bob\b/i, /\bbob\b/i, /^\s*$/, /\bjane doe\b/i].map((re, n) => ({ re, n }));
    const index = new PatternIndex(patterns);
    expect(index.unindexed).toBe(1);
    expect(index.matching('Call Bob tomorrow').map((p) => p.n)).toEqual([0, 1]);
    expect(index.matching('   ').map((p) => p.n)).toEqual([2]);
    expect(index.matching('email jane doe').map((p) => p.n)).toEqual([3]);
    expect(index.matching('bobby').map((p) => p.n)).toEqual([]);
  });

  it('keys nearly every intent pattern of the lexicon', () => {
    expect(english.intentIndex.unindexed).toBeLessThan(english.intents.length / 20);
  });

  it('agrees with trying every intent pattern on each clause the parser reads in the dev set', () => {
    const index = english.intentIndex;
    const indexed = index.matching.bind(index);
    const clauses: string[] = [];
    index.matching = (text: string) => {
      clauses.push(text);
      return indexed(text);
    };
    try {
      const base = corpusContext();
      for (const item of readCorpus(join(corpusDir, 'dev.jsonl')))
        parseUnguarded(item.text, contextFor(item, base));
    } finally {
      index.matching = indexed;
    }
    expect(clauses.length).toBeGreaterThan(300);
    for (const clause of clauses)
      expect(indexed(clause)).toEqual(english.intents.filter((p) => p.re.test(clause)));
  });
});
