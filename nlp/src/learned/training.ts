/**
 * The learned classifier's examples: every clause of the training corpus that decided a command, masked
 * as the parser masks it at run time, with the intent the corpus gives it. Read from `corpus/train.jsonl`
 * (never dev or holdout) on first use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupCommands } from '../clauses.js';
import { resolveContext } from '../context.js';
import type { Classification } from '../intents.js';
import { maskRange, findSpans } from '../spans.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import { normalize } from '../text/normalize.js';
import type { Intent, ParseContext } from '../types.js';
import type { Example } from './model.js';

const corpus = (file: string) => fileURLToPath(new URL(`../../corpus/${file}`, import.meta.url));

interface Item {
  text: string;
  context?: ParseContext;
  expected: { intent: Intent }[];
}

/** The training clauses, segmented by the rules alone (`rules`), which is how they are read at run time. */
export function trainingExamples(
  lex: CompiledLexicon,
  rules: (masked: string, lex: CompiledLexicon) => Classification,
): Example[] {
  const base = JSON.parse(readFileSync(corpus('context.json'), 'utf8')) as ParseContext;
  const items = readFileSync(corpus('train.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Item);
  const examples: Example[] = [];
  for (const item of items) {
    const context = item.context
      ? { ...base, ...item.context, known: { ...base.known, ...item.context.known } }
      : base;
    const ctx = resolveContext(context);
    const msg = normalize(item.text, lex, ctx.users);
    const spans = findSpans(msg, ctx, lex);
    const whole = { start: 0, end: msg.text.length };
    const groups = groupCommands(msg.text, spans, lex, rules);
    if (item.expected.length === 1) {
      // One command: the whole message, and the clause that decided it when the rules found one.
      const label = item.expected[0]!.intent;
      examples.push({ masked: maskRange(msg.text, spans, whole), label });
      const main = groups.length === 1 ? groups[0]!.main : undefined;
      if (main && (main.start > 0 || main.end < msg.text.length))
        examples.push({ masked: maskRange(msg.text, spans, main), label });
      continue;
    }
    if (groups.length !== item.expected.length) continue;
    groups.forEach((group, index) =>
      examples.push({ masked: maskRange(msg.text, spans, group.main), label: item.expected[index]!.intent }),
    );
  }
  return examples;
}
