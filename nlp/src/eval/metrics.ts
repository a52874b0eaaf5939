import { foldName } from '../entities/fuzzy.js';
import { english } from '../lexicon/index.js';
import type { Command, Entities, EntityName, Intent } from '../types.js';
import type { CorpusItem } from './corpus.js';

type Expected = CorpusItem['expected'][number];

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** One scored utterance. */
export interface ItemScore {
  item: CorpusItem;
  predicted: Command[];
  intentOk: boolean;
  exact: boolean;
  entityErrors: string[];
}

export interface Report {
  items: ItemScore[];
  entities: Map<EntityName, Counts>;
  commandIntent: { correct: number; total: number };
}

const FREE_TEXT = new Set<EntityName>(['title', 'summary']);
const STOP = new Set([
  'the',
  'a',
  'an',
  'to',
  'for',
  'with',
  'of',
  'on',
  'and',
  'about',
  'my',
  'our',
  'their',
]);

/** The words of a free-text value, shorthand read out ("f/u w/ Olga" and "follow up with Olga" are alike). */
function words(s: string): string[] {
  const read = s
    .split(/\s+/)
    .map((token) => english.shorthands.get(token.toLowerCase().replace(/[.,:;!?]+$/, '')) ?? token)
    .join(' ');
  return foldName(read)
    .split(' ')
    .filter((w) => w && !STOP.has(w));
}

/** Token F1 between two free-text values; titles and summaries count as equal at 0.5 and above. */
export function textOverlap(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 1 : 0;
  const pool = [...y];
  let common = 0;
  for (const w of x) {
    const i = pool.indexOf(w);
    if (i >= 0) {
      common++;
      pool.splice(i, 1);
    }
  }
  if (common === 0) return 0;
  const p = common / x.length;
  const r = common / y.length;
  return (2 * p * r) / (p + r);
}

/** Whether a predicted entity value matches the label. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function sameValue(key: EntityName, expected: unknown, actual: unknown): boolean {
  if (FREE_TEXT.has(key) && typeof expected === 'string' && typeof actual === 'string') {
    return textOverlap(expected, actual) >= 0.5;
  }
  // An instant is the same instant whatever offset writes it ("...T13:00:00Z" is "...T09:00:00-04:00").
  if (
    typeof expected === 'string' &&
    typeof actual === 'string' &&
    INSTANT.test(expected) &&
    INSTANT.test(actual)
  )
    return Date.parse(expected) === Date.parse(actual);
  return JSON.stringify(expected) === JSON.stringify(actual);
}

const asUnknown = (c: Command): Intent => (c.confidence < 0.5 ? 'unknown' : c.intent);

/** Pair expected and predicted commands in order, matching intents where possible (LCS on intents). */
function align(expected: Expected[], predicted: Command[]): [Expected | undefined, Command | undefined][] {
  const n = expected.length;
  const m = predicted.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const same = expected[i]?.intent === predicted[j]?.intent;
      dp[i]![j] = same ? 1 + dp[i + 1]![j + 1]! : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const pairs: [Expected | undefined, Command | undefined][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i]?.intent === predicted[j]?.intent)
      pairs.push([expected[i++], predicted[j++]]);
    else if (i < n && j < m && n - i === m - j && dp[i + 1]![j + 1] === dp[i]![j])
      pairs.push([expected[i++], predicted[j++]]);
    else if (j < m && (i >= n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) pairs.push([undefined, predicted[j++]]);
    else pairs.push([expected[i++], undefined]);
  }
  return pairs;
}

function scoreEntities(
  pair: [Expected | undefined, Command | undefined],
  counts: Map<EntityName, Counts>,
): string[] {
  const [exp, got] = pair;
  const e: Entities = exp?.entities ?? {};
  const g: Entities = got && exp?.intent !== 'unknown' ? got.entities : {};
  const errors: string[] = [];
  const keys = new Set([...Object.keys(e), ...Object.keys(g)] as EntityName[]);
  for (const key of keys) {
    const c = counts.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    counts.set(key, c);
    const want = e[key];
    const have = g[key];
    if (want !== undefined && have !== undefined && sameValue(key, want, have)) {
      c.tp++;
      continue;
    }
    if (have !== undefined) c.fp++;
    if (want !== undefined) c.fn++;
    errors.push(`${key}: want ${JSON.stringify(want)} got ${JSON.stringify(have)}`);
  }
  return errors;
}

function negativeOk(item: CorpusItem, predicted: Command[]): boolean {
  return predicted.every((c) => asUnknown(c) === 'unknown');
}

/** Score one utterance and add its entity counts to the running totals. */
export function scoreItem(item: CorpusItem, predicted: Command[], report: Report): ItemScore {
  const isNegative = item.expected.length === 1 && item.expected[0]?.intent === 'unknown';
  const intents = predicted.map((c) => c.intent);
  const intentOk = isNegative
    ? negativeOk(item, predicted)
    : JSON.stringify(intents) === JSON.stringify(item.expected.map((x) => x.intent));
  const pairs = isNegative ? [] : align(item.expected, predicted);
  const entityErrors = pairs.flatMap((p) => scoreEntities(p, report.entities));
  for (const [exp, got] of pairs) {
    if (!exp) continue;
    report.commandIntent.total++;
    if (got?.intent === exp.intent) report.commandIntent.correct++;
  }
  if (isNegative) {
    report.commandIntent.total++;
    if (intentOk) report.commandIntent.correct++;
  }
  const scored = { item, predicted, intentOk, exact: intentOk && entityErrors.length === 0, entityErrors };
  report.items.push(scored);
  return scored;
}

/** Precision, recall and F1 from counts (1 when there is nothing to find and nothing was found). */
export function prf(c: Counts): { p: number; r: number; f1: number } {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

/** An empty report to accumulate into. */
export function emptyReport(): Report {
  return { items: [], entities: new Map(), commandIntent: { correct: 0, total: 0 } };
}
