import nlp from 'compromise';
import type { ResolvedContext } from '../context.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import { allowedTypos, editDistance, foldName } from './fuzzy.js';

export type NameKind = 'customer' | 'contact' | 'user' | 'opportunity';

export interface NameCandidate {
  kind: NameKind;
  name: string;
  id?: string;
  score: number;
  partial?: boolean;
}

/** A stretch of the message that names someone or something, with every candidate it could be. */
export interface NameMatch {
  start: number;
  end: number;
  text: string;
  candidates: NameCandidate[];
  /** False when found by tagging rather than in `known`. */
  known: boolean;
  /** Set when the words right before it make it a colleague ("assign to", "ask", "cc"). */
  afterUserCue?: boolean;
}

interface IndexEntry {
  key: string;
  tokens: number;
  kind: NameKind;
  name: string;
  id?: string;
  weight: number;
  /** Only part of the name ("Umbrella" for "Umbrella Health"): needs a capital or a cue to count. */
  partial?: boolean;
}

interface NameIndex {
  exact: Map<string, IndexEntry[]>;
  byFirst: Map<string, IndexEntry[]>;
  maxTokens: number;
}

interface Token {
  start: number;
  end: number;
  fold: string;
  raw: string;
}

const cache = new WeakMap<object, NameIndex>();
const WORD = /[\p{L}\p{N}][\p{L}\p{N}&'\u2019.-]*/gu;

function add(index: NameIndex, entry: Omit<IndexEntry, 'tokens'>): void {
  if (entry.key.length < 2) return;
  const full: IndexEntry = { ...entry, tokens: entry.key.split(' ').length };
  index.maxTokens = Math.max(index.maxTokens, full.tokens);
  const list = index.exact.get(full.key) ?? [];
  if (!list.some((e) => e.kind === full.kind && e.name === full.name)) list.push(full);
  index.exact.set(full.key, list);
  const first = full.key[0] ?? '';
  const sameFirst = index.byFirst.get(first);
  if (sameFirst) sameFirst.push(full);
  else index.byFirst.set(first, [full]);
}

function coreName(key: string, lex: CompiledLexicon): string {
  const words = key.split(' ');
  while (words.length > 1 && lex.companySuffixes.has(words[words.length - 1] ?? '')) words.pop();
  while (words.length > 1 && lex.companySuffixes.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

function addPerson(index: NameIndex, kind: NameKind, name: string, id?: string): void {
  const key = foldName(name);
  const base = id === undefined ? { kind, name } : { kind, name, id };
  add(index, { ...base, key, weight: 1 });
  const parts = key.split(' ');
  if (parts.length > 1) {
    const first = parts[0] ?? '';
    const last = parts[parts.length - 1] ?? '';
    if (first.length >= 3) add(index, { ...base, key: first, weight: 0.85 });
    // A surname that is an everyday word ("Green", "Park") counts alone only with a capital or a cue.
    if (last.length >= 3)
      add(index, { ...base, key: last, weight: 0.8, ...(isEnglishWord(last) && { partial: true }) });
  }
}

function buildIndex(ctx: ResolvedContext, lex: CompiledLexicon): NameIndex {
  const index: NameIndex = { exact: new Map(), byFirst: new Map(), maxTokens: 1 };
  for (const name of ctx.customers) {
    const key = foldName(name);
    add(index, { kind: 'customer', name, key, weight: 1 });
    const core = coreName(key, lex);
    if (core !== key) add(index, { kind: 'customer', name, key: core, weight: 0.97 });
    // "piedpiper", "dundermifflin": a name of several words written as one.
    const glued = core.replace(/ /g, '');
    if (glued !== core && glued.length >= 6) add(index, { kind: 'customer', name, key: glued, weight: 0.95 });
    const first = core.split(' ')[0] ?? '';
    if (first !== core && first.length >= 4 && !lex.notNames.has(first)) {
      add(index, { kind: 'customer', name, key: first, weight: 0.9, partial: true });
    }
  }
  for (const name of ctx.opportunities) {
    const key = foldName(name);
    add(index, { kind: 'opportunity', name, key, weight: 1 });
    const noYear = key.replace(/\s+(?:fy)?\d{2,4}$/, '');
    if (noYear !== key) add(index, { kind: 'opportunity', name, key: noYear, weight: 0.95 });
    // "the hooli upgrade" for "Hooli Enterprise Upgrade": its first word and its last.
    const words = noYear.split(' ');
    const last = words[words.length - 1] ?? '';
    if (words.length > 2 && !lex.dealWord.test(last))
      add(index, { kind: 'opportunity', name, key: `${words[0]} ${last}`, weight: 0.9 });
  }
  for (const name of ctx.contacts) addPerson(index, 'contact', name);
  for (const user of ctx.users) {
    addPerson(index, 'user', user.name, user.id);
    for (const handle of user.handles ?? []) {
      add(index, { kind: 'user', name: user.name, id: user.id, key: foldName(handle), weight: 1 });
    }
  }
  return index;
}

function indexFor(ctx: ResolvedContext, lex: CompiledLexicon): NameIndex {
  const cached = cache.get(ctx.known);
  if (cached) return cached;
  const index = buildIndex(ctx, lex);
  cache.set(ctx.known, index);
  return index;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const raw = m[0].replace(/[.'\u2019-]+$/, '').replace(/['\u2019]s$/i, '');
    if (/^mention\d+$/.test(raw) && text[m.index - 1] === '@') continue;
    out.push({ start: m.index, end: m.index + raw.length, raw, fold: foldName(raw) });
  }
  return out;
}

function lookup(index: NameIndex, phrase: string, tokens: number, lex: CompiledLexicon): NameCandidate[] {
  const exact = index.exact.get(phrase);
  if (exact)
    return exact.map((e) => ({ ...toCandidate(e, e.weight), ...(e.partial ? { partial: true } : {}) }));
  const typos = allowedTypos(phrase.length);
  if (typos === 0 && phrase.length < 3) return [];
  if (lex.notNames.has(phrase) || isEnglishWord(phrase)) return [];
  const found: NameCandidate[] = [];
  for (const e of index.byFirst.get(phrase[0] ?? '') ?? []) {
    if (e.tokens !== tokens || (e.weight < 0.8 && phrase.length < 5)) continue;
    // At most two edits apart: lengths further apart can match neither way below.
    if (Math.abs(e.key.length - phrase.length) > 2) continue;
    // Two typos are allowed from six letters on when the first three agree ("Initek" for "Initech"), but not
    // towards part of a name that is an everyday word ("startd" is no "Stark").
    const bonusFits = !(e.partial && isEverydayWord(e.key));
    const prefixBonus =
      tokens === 1 && bonusFits && phrase.length >= 6 && e.key.startsWith(phrase.slice(0, 3)) ? 1 : 0;
    const max = Math.min(Math.min(typos + prefixBonus, 2), allowedTypos(e.key.length) + prefixBonus);
    if (max > 0 && editDistance(phrase, e.key, max) <= max) {
      found.push(toCandidate(e, e.weight - 0.1 * editDistance(phrase, e.key, max)));
    } else if (
      tokens === 1 &&
      phrase[0] === e.key[0] &&
      (sameLetters(phrase, e.key) || oneLetterOff(phrase, e.key))
    ) {
      found.push(toCandidate(e, e.weight - 0.1));
    }
  }
  return found;
}

/** "jnae" for "jane": swapped letters in a short name. */
function sameLetters(a: string, b: string): boolean {
  return a.length >= 4 && a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

/**
 * "Acm" or "Accme" for "Acme", "Prya" for "Priya": a short name (three to five letters) with one letter dropped
 * or doubled.
 */
function oneLetterOff(phrase: string, key: string): boolean {
  if (key.length < 3 || key.length > 5 || key.includes(' ')) return false;
  const [short, long] = phrase.length < key.length ? [phrase, key] : [key, phrase];
  if (long.length !== short.length + 1 || short.length < 3) return false;
  return [...long].some((_, at) => long.slice(0, at) + long.slice(at + 1) === short);
}

const lexicon = (nlp.world() as { model: { one: { lexicon: Record<string, unknown> } } }).model.one.lexicon;

/** Words compromise knows are everyday English ("start", "will") never fuzzily match a name. */
function isEnglishWord(phrase: string): boolean {
  return !phrase.includes(' ') && lexicon[phrase] !== undefined;
}

const PERSON_NAME = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName']);

/** An English word other than a person's name: "Wayne" of "Wayne Enterprises" is no everyday word. */
function isEverydayWord(word: string): boolean {
  const tag = lexicon[word];
  return tag !== undefined && !(typeof tag === 'string' && PERSON_NAME.has(tag));
}

function toCandidate(e: IndexEntry, score: number): NameCandidate {
  return e.id === undefined
    ? { kind: e.kind, name: e.name, score }
    : { kind: e.kind, name: e.name, id: e.id, score };
}

function acceptable(
  tokens: Token[],
  candidates: NameCandidate[],
  before: string,
  after: string,
  lex: CompiledLexicon,
  named: Set<string>,
): boolean {
  if (tokens.length !== 1) return true;
  const t = tokens[0];
  if (!t) return false;
  const capital = /^\p{Lu}/u.test(t.raw);
  // Part of a name ("Massive" of "Massive Dynamic") may be an everyday word: it needs a capital or a cue;
  // a part no dictionary knows ("vandelay" of "Vandelay Industries") is the name however it is written.
  // So is a part of a name the message has already named ("wayne contract review done. wayne → won").
  const cued =
    lex.nameCueBefore.test(before) ||
    lex.nameCueAfter.test(after) ||
    !isEverydayWord(t.fold) ||
    candidates.some((c) => named.has(c.name));
  if (candidates.every((c) => c.partial) && !capital && !cued) return false;
  // A one-word name that is also an everyday word ("Target", "Box") must be capitalised to count.
  return !lex.notNames.has(t.fold) || capital;
}

/** Find every known customer, contact, user and opportunity named in the text (typos tolerated). */
export function findKnownNames(text: string, ctx: ResolvedContext, lex: CompiledLexicon): NameMatch[] {
  const index = indexFor(ctx, lex);
  if (index.exact.size === 0) return [];
  const tokens = tokenize(text);
  const found: NameMatch[] = [];
  const named = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(index.maxTokens, tokens.length - i); n >= 1; n--) {
      const span = tokens.slice(i, i + n);
      const phrase = span.map((t) => t.fold).join(' ');
      const candidates = lookup(index, phrase, n, lex);
      if (candidates.length === 0) continue;
      if (
        !acceptable(
          span,
          candidates,
          text.slice(Math.max(0, (span[0]?.start ?? 0) - 8), span[0]?.start ?? 0),
          text.slice(span[n - 1]?.end ?? 0, (span[n - 1]?.end ?? 0) + 14),
          lex,
          named,
        )
      )
        continue;
      for (const c of candidates) named.add(c.name);
      const start = span[0]?.start ?? 0;
      const end = span[n - 1]?.end ?? start;
      found.push({ start, end, text: text.slice(start, end), candidates, known: true });
      i += n - 1;
      break;
    }
  }
  return found;
}
