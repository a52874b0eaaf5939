import { readFileSync } from 'node:fs';
import type { Entities, Intent, ParseContext } from '../types.js';

/** One labelled utterance: what a rep wrote and the commands it should produce. */
export interface CorpusItem {
  text: string;
  context?: ParseContext;
  expected: { intent: Intent; entities: Entities }[];
}

const NUMERIC = new Set(['progress', 'durationMinutes', 'target']);

function parseValue(key: string, raw: string, currency: string): unknown {
  if (key === 'amount') {
    const [value, cur] = raw.split(':');
    return { value: Number(value), currency: cur ?? currency };
  }
  if (key === 'period') {
    const [from, to] = raw.split('..');
    return { from, to: to ?? from };
  }
  return NUMERIC.has(key) ? Number(raw) : raw;
}

/** `intent key=value key="two words"` -> one expected command. */
function parseCommand(line: string, currency: string): CorpusItem['expected'][number] {
  const [intent = 'unknown', ...rest] = line.match(/[\w]+=(?:"[^"]*"|\S+)|\S+/g) ?? [];
  const entities: Record<string, unknown> = {};
  for (const pair of rest) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1).replace(/^"|"$/g, '');
    entities[key] = parseValue(key, raw, currency);
  }
  return { intent: intent as Intent, entities: entities };
}

/**
 * Read the corpus source format: `> text`, then one `= intent key=value ...` line per expected
 * command, optionally `@ {json}` with context overrides. `#` starts a comment line.
 */
export function parseCorpusSource(source: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  let current: CorpusItem | undefined;
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('> ')) {
      current = { text: trimmed.slice(2), expected: [] };
      items.push(current);
    } else if (trimmed.startsWith('@ ') && current) {
      current.context = JSON.parse(trimmed.slice(2)) as ParseContext;
    } else if (trimmed.startsWith('= ') && current) {
      current.expected.push(parseCommand(trimmed.slice(2), current.context?.currency ?? 'USD'));
    } else {
      throw new Error(`corpus: cannot read line: ${line}`);
    }
  }
  return items;
}

/** Read a JSONL corpus file. */
export function readCorpus(path: string): CorpusItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusItem);
}

/** The context an item runs with: the corpus default, overridden by the item's own. */
export function contextFor(item: CorpusItem, base: ParseContext): ParseContext {
  if (!item.context) return base;
  return { ...base, ...item.context, known: { ...base.known, ...item.context.known } };
}
