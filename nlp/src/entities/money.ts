import type { CompiledLexicon } from '../lexicon/index.js';
import type { Money } from '../types.js';

export interface MoneySpan {
  start: number;
  end: number;
  amount: Money;
  /** Whether the text names the currency (not the context's default). */
  currencySaid: boolean;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cache = new WeakMap<CompiledLexicon, RegExp>();

function moneyPattern(lex: CompiledLexicon): RegExp {
  const cached = cache.get(lex);
  if (cached) return cached;
  const m = lex.source.money;
  const symbols = Object.keys(m.symbols)
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');
  const codes = m.codes.join('|');
  const words = Object.keys(m.words).join('|');
  const mult = Object.keys(m.multipliers)
    .sort((a, b) => b.length - a.length)
    .join('|');
  const source =
    `(?:\\b(?<cue>${m.cues})\\s+)?(?<pre>${symbols}|\\b(?:${codes})\\s?)?` +
    `(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?![\\d:/])` +
    `(?:\\s?(?<mult>${mult})\\b)?(?:\\s?(?<post>\\b(?:${codes}|${words})\\b))?(?!\\s?(?:%|percent|am\\b|pm\\b|st\\b|nd\\b|rd\\b|th\\b))`;
  const re = new RegExp(source, 'gi');
  cache.set(lex, re);
  return re;
}

function currencyOf(
  pre: string | undefined,
  post: string | undefined,
  lex: CompiledLexicon,
): string | undefined {
  const m = lex.source.money;
  const p = pre?.trim();
  if (p) return m.symbols[p.toLowerCase()] ?? m.symbols[p] ?? p.toUpperCase();
  const q = post?.trim().toLowerCase();
  if (q) return m.words[q] ?? q.toUpperCase();
  return undefined;
}

const FOLLOWED_BY_UNIT =
  /^\s*(?:calls?|deals?|meetings?|demos?|emails?|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|seats?|users?|licen[cs]es?|people|reps?|units?|x\b|times|percent|of them|-)/i;

/** Amounts of money: "40k", "$1.2M", "€50,000", "50 grand", "USD 12,500", "worth 80000". */
export function findMoney(text: string, currency: string, lex: CompiledLexicon): MoneySpan[] {
  const re = moneyPattern(lex);
  const out: MoneySpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const g = m.groups ?? {};
    const multWord = g.mult;
    const explicit = Boolean(g.pre ?? g.post);
    // "m" alone reads as minutes too often ("30m call"), so it needs a currency to mean million.
    const millionOk = explicit || multWord === 'M' || (g.num ?? '').includes('.') || Boolean(g.cue);
    const mult = multWord && (multWord.toLowerCase() !== 'm' || millionOk) ? multWord : undefined;
    const base = Number((g.num ?? '0').replace(/,/g, ''));
    const rest = text.slice(m.index + m[0].length);
    const cued =
      Boolean(g.cue) && base >= 100 && !FOLLOWED_BY_UNIT.test(rest) && !/^(?:19|20)\d\d$/.test(g.num ?? '');
    if (!explicit && !mult && !cued) continue;
    if (!mult && multWord) continue;
    const factor = mult
      ? (lex.source.money.multipliers[mult] ?? lex.source.money.multipliers[mult.toLowerCase()] ?? 1)
      : 1;
    const start = m.index + (g.cue ? m[0].indexOf(g.pre ?? g.num ?? '', g.cue.length) : 0);
    const said = currencyOf(g.pre, g.post, lex);
    out.push({
      start,
      end: m.index + m[0].length,
      amount: { value: Math.round(base * factor * 100) / 100, currency: said ?? currency },
      currencySaid: said !== undefined,
    });
  }
  return out;
}
