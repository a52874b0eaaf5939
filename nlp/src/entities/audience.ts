/**
 * Who may see a task, read from the audience a message names rather than from set phrases: a word of seeing
 * ("see it", "have access", "viewer", "eyes") with the people, the team or the exclusion next to it, or an
 * audience listed as exclusive without one ("only you and me", "me + lena only", "keep it to myself").
 * The writer alone is `private`, a colleague (with or without the writer) `collaborative`, the team `team`;
 * the colleagues named there only see the task, so none of them is whom it is for.
 */
import { isEnglishWord } from '../learned/spelling.js';
import type { CompiledLexicon } from '../lexicon/index.js';
import type { Visibility } from '../types.js';
import { nameKind } from '../spans.js';
import { editDistance } from './fuzzy.js';
import type { NameMatch } from './known.js';

interface Range {
  start: number;
  end: number;
}

interface Token extends Range {
  /** The lower-case word; a name is `@colleague` or `@name`. */
  word: string;
  /** Where the hyphenated word it is part of starts ("team-visible", "manager-only"). */
  compound?: number;
}

export interface Audience {
  visibility: Visibility;
  /** The colleagues the audience names: they may see the task, it is not theirs. */
  viewers: Range[];
  /** Where the message says it: no part of the task's title. */
  said: Range;
}

const TOKEN = /[a-z0-9]+(?:['-][a-z0-9]+)*|[+&,]|[.;:!?()\u2013\u2014]|\s-\s/g;
const BREAK = /^(?:[.;:!?()\u2013\u2014]|\s-\s)$/;
const COLLEAGUE = '@colleague';
/** A restriction's verb, read as the exclusion it makes. */
const ONLY = '@only';
/** A colleague in a clause already masked (`maskRange` in spans.ts). */
const MASKED_COLLEAGUE = 'xusr';

/** The words and names of `range`, names as one token each. */
function tokens(text: string, range: Range, names: NameMatch[]): Token[] {
  const out: Token[] = [];
  const inside = names
    .filter((n) => n.start >= range.start && n.end <= range.end)
    .sort((a, b) => a.start - b.start);
  let at = range.start;
  const words = (end: number): void => {
    const lower = text.slice(at, end).toLowerCase();
    for (const m of lower.matchAll(TOKEN)) {
      const start = at + m.index;
      const parts = m[0].split('-');
      if (parts.length === 1) {
        out.push({ word: m[0] === MASKED_COLLEAGUE ? COLLEAGUE : m[0], start, end: start + m[0].length });
        continue;
      }
      // "manager-only" is two words of one compound.
      let from = start;
      for (const part of parts) {
        out.push({ word: part, start: from, end: from + part.length, compound: start });
        from += part.length + 1;
      }
    }
  };
  for (const name of inside) {
    if (name.start < at) continue;
    words(name.start);
    out.push({
      word: nameKind(name, text) === 'user' ? COLLEAGUE : '@name',
      start: name.start,
      end: name.end,
    });
    at = name.end;
  }
  words(range.end);
  return out;
}

interface Vocabulary {
  /** Every word the reader reads by, by length, for mending a typo in one ("everbody", "visibel"). */
  byLength: Map<number, string[]>;
  /** Words already mended (or left), with what they became: chat repeats its words. */
  seen: Map<string, string>;
  /** The words without which no audience is said: of seeing, of exclusion, of restriction. */
  triggers: Set<string>;
}

const vocabularies = new WeakMap<CompiledLexicon['audience'], Vocabulary>();

function vocabulary(words: CompiledLexicon['audience']): Vocabulary {
  const known = vocabularies.get(words);
  if (known) return known;
  const byLength = new Map<number, string[]>();
  for (const set of Object.values(words))
    for (const word of set) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);
  const triggers = new Set([
    ...words.seen,
    ...words.sight,
    ...words.only,
    ...words.restrict,
    ...words.conceal,
    ...words.reveal,
    ...words.secret,
    ...words.involve,
  ]);
  const made = { byLength, seen: new Map<string, string>(), triggers };
  vocabularies.set(words, made);
  return made;
}

/**
 * The one word of the reader's a word of six letters or more is a typo of, if exactly one fits; never another
 * form of the same word ("share" is no typo of "shared"), nor a word of English as it stands ("unblock").
 */
function mended(word: string, lex: CompiledLexicon): string {
  if (word.length < 6 || !/^[a-z]+$/.test(word)) return word;
  const { byLength, seen } = vocabulary(lex.audience);
  const known = seen.get(word);
  if (known !== undefined) return known;
  const found = isEnglishWord(word, lex) ? word : mendedOnce(word, byLength);
  seen.set(word, found);
  return found;
}

function mendedOnce(word: string, byLength: Map<number, string[]>): string {
  if (byLength.get(word.length)?.includes(word)) return word;
  const fits = [word.length - 1, word.length, word.length + 1]
    .flatMap((length) => byLength.get(length) ?? [])
    .filter((known) => known.length >= 6 && !known.startsWith(word) && !word.startsWith(known))
    .filter((known) => editDistance(word, known, 1) <= 1);
  return new Set(fits).size === 1 ? fits[0]! : word;
}

class Reader {
  readonly list: Token[];

  private readonly words: CompiledLexicon['audience'];

  constructor(lex: CompiledLexicon, list: Token[]) {
    this.words = lex.audience;
    this.list = list.map((t) => ({ ...t, word: mended(t.word, lex) }));
  }

  person(t: Token | undefined): boolean {
    const w = this.words;
    return (
      t !== undefined &&
      (t.word === COLLEAGUE ||
        w.self.has(t.word) ||
        w.overseers.has(t.word) ||
        w.pronouns.has(t.word) ||
        w.addressee.has(t.word))
    );
  }

  /** A word of seeing at `i`: always for `seen`, for `sight` only with nothing of its own after it. */
  sightAt(i: number): boolean {
    const w = this.words;
    const word = this.list[i]!.word;
    if (w.seen.has(word)) return true;
    if (!w.sight.has(word)) return false;
    const next = this.list[i + 1];
    if (next === undefined || BREAK.test(next.word) || next.word === ',') return true;
    // ("get access to it", "get access to the umbrella pricing task": what is seen is a task.)
    if (w.sightLinks.has(next.word))
      return w.pointers.has(this.list[i + 2]?.word ?? '') || this.restrictedTask(i + 2) !== undefined;
    // "don't let the team see the acme pricing task": what is seen is a task.
    if (w.determiners.has(next.word)) return this.restrictedTask(i + 1) !== undefined;
    return w.sightObjects.has(next.word);
  }

  /** Whether the audience phrase may go on over the token at `i`, walking `forward` or back. */
  continues(i: number, forward: boolean): boolean {
    const t = this.list[i];
    if (t === undefined || BREAK.test(t.word)) return false;
    const w = this.words;
    // "... see it so nobody double-books her": what follows "so" is why, not who.
    if (forward && w.reasons.has(t.word)) return false;
    // "raj and lena", "me + lena": a join only between two people.
    if (w.joins.has(t.word)) return this.person(this.list[i - 1]) && this.person(this.list[i + 1]);
    if (this.person(t)) return true;
    return [w.glue, w.only, w.hidden, w.team, w.seen, w.sight].some((set) => set.has(t.word));
  }

  /** The audience phrase around the word of seeing at `i` ("a team-visible task": its compound alone). */
  around(i: number): Token[] {
    const compound = this.list[i]!.compound;
    if (compound !== undefined) return this.list.filter((t) => t.compound === compound);
    let from = i;
    // "visibility: me, chris and raj": a label's colon opens whom it names.
    let to = this.words.seen.has(this.list[i]!.word) && this.list[i + 1]?.word === ':' ? i + 1 : i;
    // ("can you make that one visible only to me": the one asked is not among those who see it.)
    const asked = (at: number): boolean =>
      this.words.addressee.has(this.list[at]?.word ?? '') &&
      this.words.asks.has(this.list[at - 1]?.word ?? '');
    while (this.continues(from - 1, false) && !asked(from - 1)) from--;
    while (this.continues(to + 1, true)) to++;
    return this.list.slice(from, to + 1);
  }

  /** People listed with only joins between them from `i` on ("you and me", "me + lena"). */
  peopleFrom(i: number): Token[] {
    const people: Token[] = [];
    let at = i;
    while (this.person(this.list[at])) {
      people.push(this.list[at]!);
      if (!this.words.joins.has(this.list[at + 1]?.word ?? '')) break;
      at += 2;
    }
    return people;
  }

  /**
   * An audience said with no word of seeing: listed as exclusive ("only you and me", "me + lena only", "mgmt
   * only"), a restriction ("keep it to myself", "keep it hidden"), or a task hidden or opened by its verb.
   */
  listed(before = Infinity): Audience | undefined {
    const w = this.words;
    for (let i = 0; i < this.list.length && this.list[i]!.start < before; i++) {
      const t = this.list[i]!;
      if (w.only.has(t.word) && !w.glue.has(t.word)) {
        const skip = w.listLeads.has(this.list[i + 1]?.word ?? '') ? 2 : 1;
        const people = this.peopleFrom(i + skip);
        // ("only me: draft the apology email": said first, before the task, me alone is exclusive too.)
        const meFirst = i === 0 && people.length === 1 && w.self.has(people[0]!.word);
        if (this.exclusive(people) || meFirst) return this.decide([t, ...people]);
      }
      const listStarts = !(this.person(this.list[i - 2]) && w.joins.has(this.list[i - 1]?.word ?? ''));
      if (this.person(t) && listStarts) {
        const people = this.peopleFrom(i);
        const exclusion = this.exclusionAfter(i + people.length * 2 - 1);
        // ("make it me-only": one word, the writer's alone.)
        const mine =
          exclusion.length === 1 &&
          exclusion[0]!.compound !== undefined &&
          exclusion[0]!.compound === t.compound;
        if ((this.exclusive(people) || mine) && exclusion.length > 0)
          return this.decide([...people, ...exclusion]);
      }
      // "loop raj in", "loop in raj": the people brought in see the task.
      // ("remind me fri to loop in raj": what is to be done is no audience.)
      if (w.involve.has(t.word) && !w.sightLinks.has(this.list[i - 1]?.word ?? '')) {
        const endFirst = w.involveEnd.has(this.list[i + 1]?.word ?? '');
        const from = endFirst ? i + 2 : i + 1;
        const people = this.peopleFrom(from);
        const after = from + people.length * 2 - 1;
        const closed = endFirst || w.involveEnd.has(this.list[after]?.word ?? '');
        if (people.length > 0 && closed) {
          // ("loop raj in on the acme deck task": "in on" is said of whom, not of the task.)
          let end = after;
          while (w.involveEnd.has(this.list[end]?.word ?? '')) end++;
          const found = this.decide(this.list.slice(i, end));
          if (found) return found;
        }
      }
      // "hidden from the team", "private from everyone else".
      const keptFrom = w.secret.has(t.word) ? this.everyoneAt(i + 1) : undefined;
      if (keptFrom !== undefined)
        return {
          visibility: 'private',
          viewers: [],
          said: { start: t.start, end: this.list[keptFrom]!.end },
        };
      // ("keep between me n raj: ...": a restriction need not name the task it keeps.)
      const named = w.restrictTo.has(this.list[i + 1]?.word ?? '')
        ? i + 1
        : (this.restrictedTask(i + 1, i === 0) ?? this.sharedWithColleague(i + 1));
      // "unhide the umbrella sso checklist so the team can use it": what is unhidden need not be called a task.
      if (w.reveal.has(t.word) && w.determiners.has(this.list[i + 1]?.word ?? ''))
        return { visibility: 'team', viewers: [], said: t };
      if (named === undefined) continue;
      // ("keep it just between us", "lock the x task down to me and sam": a word of exclusion, or a particle of
      // the verb, before whom it is kept to.)
      const between = this.list[named]?.word ?? '';
      const exclusive = w.only.has(between) || w.restrictParticles.has(between);
      const at = exclusive && w.restrictTo.has(this.list[named + 1]?.word ?? '') ? named + 1 : named;
      const next = this.list[at];
      if (w.restrict.has(t.word) && next !== undefined) {
        // ("keep it to myself": a restriction is exclusive, as "only" is.)
        // (Said from the verb when no task stands between: "keep between me n raj: call ...".)
        // ("share it with raj": the task pointed at is no part of its title either.)
        const pointed = this.list
          .slice(i + 1, at - 1)
          .every(
            (p) =>
              w.pointers.has(p.word) ||
              w.pointerTails.has(p.word) ||
              w.determiners.has(p.word) ||
              w.taskNouns.has(p.word),
          );
        const fromVerb = at === i + 1 || pointed;
        const only = { ...next, start: fromVerb ? t.start : next.start, word: ONLY };
        // ("keep it to just me and sam": a word of exclusion may follow the link too.)
        const listed = w.only.has(this.list[at + 1]?.word ?? '') ? at + 2 : at + 1;
        const people = w.restrictTo.has(next.word) ? this.peopleFrom(listed) : [];
        if (people.length > 0) return this.decide([only, ...people]);
        // "keep it between us": the writer's, and on a colleague's task that colleague's too (`betweenUs`).
        const us = this.list[at + 1];
        if (w.restrictTo.has(next.word) && us !== undefined && w.ourselves.has(us.word))
          return { visibility: 'private', viewers: [], said: { start: only.start, end: us.end } };
        if (w.secret.has(next.word)) return { visibility: 'private', viewers: [], said: next };
        // "keep it off the team feed", "keep this one off the board".
        if (w.hidden.has(next.word)) {
          const found = this.decide(this.around(at));
          if (found) return found;
        }
      }
      // "hide the acme pricing task" (from everyone: "hide it from raj" says nothing we keep).
      if (w.conceal.has(t.word) && (this.endsAt(at) || this.everyoneAt(at) !== undefined))
        return { visibility: 'private', viewers: [], said: t };
      if (w.reveal.has(t.word)) return { visibility: 'team', viewers: [], said: t };
    }
    return undefined;
  }

  /** Whether what is said ends at `at`: nothing after it but words that close a clause ("again", "pls"). */
  endsAt(at: number): boolean {
    for (const after of this.list.slice(at)) {
      if (BREAK.test(after.word)) return true;
      if (!this.words.afterwards.has(after.word)) return false;
    }
    return true;
  }

  /**
   * Where the team or everyone stands when `at` says "from" them ("from the team", "from everyone"), not from
   * someone; undefined otherwise.
   */
  everyoneAt(at: number): number | undefined {
    const w = this.words;
    if (!w.keptFrom.has(this.list[at]?.word ?? '')) return undefined;
    return [at + 1, at + 2, at + 3].find((j) => w.team.has(this.list[j]?.word ?? ''));
  }

  /**
   * The words that make the list of people before `at` exclusive: "only" after it ("me and lena only"), or after a
   * comma "no one else", "nobody else" (empty when there are none).
   */
  exclusionAfter(at: number): Token[] {
    const w = this.words;
    const from = this.list[at]?.word === ',' ? at + 1 : at;
    const first = this.list[from];
    if (first === undefined) return [];
    if (w.only.has(first.word)) return [first];
    // ("..., no one else": a word that keeps out, then the exclusion it makes.)
    if (!w.hidden.has(first.word)) return [];
    const to = [from + 1, from + 2].find((j) => w.only.has(this.list[j]?.word ?? ''));
    return to === undefined ? [] : this.list.slice(from, to + 1);
  }

  /** People enough to make an exclusive list: two or more, or those who see every private task. */
  exclusive(people: Token[]): boolean {
    return people.length > 1 || (people.length === 1 && this.words.overseers.has(people[0]!.word));
  }

  /**
   * Where a restriction goes on past the task it names right after its verb: "keep it | this one | the
   * cyberdyne exec sponsor task | to ...". Undefined when no task is named there.
   */
  restrictedTask(i: number, opening = false): number | undefined {
    const w = this.words;
    const first = this.list[i]?.word ?? '';
    // ("share this task with raj", "keep this one to me": what the pointer points at may follow it.)
    if (w.pointers.has(first)) {
      const tail = this.list[i + 1]?.word ?? '';
      return w.pointerTails.has(tail) || w.taskNouns.has(tail) ? i + 2 : i + 1;
    }
    // ("shared task w/ raj and lena: ...": a task named by its noun alone, where a message opens; "make a shared
    // task with raj" makes it with Raj.)
    if (opening && w.taskNouns.has(first)) return i + 1;
    return this.pastNamed(i, (t, at) => (w.taskNouns.has(t.word) ? at + 1 : undefined));
  }

  /**
   * From a determiner at `i`, over the few words that name a thing ("the hooli qbr prep"), the place `found` gives
   * for the first word it knows (null: the phrase names no such thing); undefined at a break or without one.
   */
  pastNamed(i: number, found: (t: Token, at: number) => number | null | undefined): number | undefined {
    if (!this.words.determiners.has(this.list[i]?.word ?? '')) return undefined;
    for (let at = i + 1; at < Math.min(this.list.length, i + 8); at++) {
      const t = this.list[at]!;
      if (BREAK.test(t.word)) return undefined;
      const place = found(t, at);
      if (place !== undefined) return place ?? undefined;
    }
    return undefined;
  }

  /**
   * Where "to" or "with" stands when a thing named after a determiner is kept or shared with a colleague ("share
   * the hooli qbr prep with raj and sam"; with a customer's contact, "share the deck with bob", it is no audience).
   */
  sharedWithColleague(i: number): number | undefined {
    return this.pastNamed(i, (t, at) =>
      this.words.restrictTo.has(t.word) ? (this.list[at + 1]?.word === COLLEAGUE ? at : null) : undefined,
    );
  }

  /** Who the phrase lets see the task. */
  decide(phrase: Token[]): Audience | undefined {
    const w = this.words;
    const has = (set: Set<string>): boolean => phrase.some((t) => set.has(t.word));
    const people = phrase.filter((t) => this.person(t));
    const others = people.filter(
      (t) => t.word === COLLEAGUE || w.pronouns.has(t.word) || (w.addressee.has(t.word) && people.length > 1),
    );
    const viewers = others.filter((t) => t.word === COLLEAGUE).map(({ start, end }) => ({ start, end }));
    const said = { start: phrase[0]!.start, end: phrase[phrase.length - 1]!.end };
    const only = has(w.only) || phrase.some((t) => t.word === ONLY);
    // ("visible to everyone on the team, not just me": "not" before a word of exclusion takes the exclusion back.)
    const hidden = phrase.some(
      (t, k) =>
        w.hidden.has(t.word) &&
        !(w.only.has(phrase[k + 1]?.word ?? '') && !w.hidden.has(phrase[k + 1]!.word)),
    );
    if (others.length > 0) {
      // "don't show it to raj" keeps a colleague out; "nobody but me and raj" lets one in.
      return hidden && !only ? undefined : { visibility: 'collaborative', viewers, said };
    }
    if (has(w.team)) return { visibility: hidden ? 'private' : 'team', viewers, said };
    const self = people.some((t) => w.self.has(t.word));
    // A private task is its assignee's and their manager's: "visible to my manager" says so without "only".
    const overseen = people.some((t) => w.overseers.has(t.word));
    // ("dont put this one on the board": what is kept from sight is kept to its own.)
    const seen = phrase.some((t) => w.seen.has(t.word) || w.sight.has(t.word));
    if ((self && only) || (hidden && (only || seen)) || (overseen && !hidden))
      return { visibility: 'private', viewers, said };
    return undefined;
  }
}

/** Who `range` of `text` lets see a task, if it says so in words of its own. */
export function readAudience(
  text: string,
  range: Range,
  names: NameMatch[],
  lex: CompiledLexicon,
): Audience | undefined {
  const reader = new Reader(lex, tokens(text, range, names));
  // Most clauses say nothing of who may see anything: one look at their words says so.
  const { triggers } = vocabulary(lex.audience);
  if (!reader.list.some((t) => triggers.has(t.word))) return undefined;
  let seen: Audience | undefined;
  for (let i = 0; i < reader.list.length && !seen; i++)
    if (reader.sightAt(i)) seen = reader.decide(reader.around(i));
  // What is said first is what the message says ("lock the x task down to just me and sam? ... shouldn't be on
  // the team board" says why after whom).
  const listed = reader.listed(seen?.said.start);
  return listed && (!seen || listed.said.start < seen.said.start) ? listed : seen;
}

/**
 * Where the reason given right after who may see a task ends ("keep it between us | until pricing is approved",
 * "share it with raj | since he drafted it"): at the end of its sentence or of `limit`; `end` when none is given.
 */
export function reasonEnd(text: string, end: number, limit: number, lex: CompiledLexicon): number {
  const after = text.slice(end, limit);
  const first = /^[\s,]*([\w']+)/.exec(after);
  if (!first || !lex.audience.reasons.has(first[1]!.toLowerCase())) return end;
  const stop = /[.;!?]/.exec(after.slice(first[0].length));
  return stop ? end + first[0].length + stop.index : limit;
}

/** Clauses already read, by lexicon (masked text to audience): one clause is read by several steps of the parse. */
const readClauses = new WeakMap<CompiledLexicon, Map<string, Audience | undefined>>();
const READ_CLAUSES = 512;

/** Who a whole masked clause (`xusr` for a colleague) lets see a task: `readAudience`, remembered. */
export function clauseAudience(masked: string, lex: CompiledLexicon): Audience | undefined {
  let read = readClauses.get(lex);
  if (!read) {
    read = new Map<string, Audience | undefined>();
    readClauses.set(lex, read);
  }
  if (read.has(masked)) return read.get(masked);
  if (read.size >= READ_CLAUSES) read.clear();
  const found = readAudience(masked, { start: 0, end: masked.length }, [], lex);
  read.set(masked, found);
  return found;
}
