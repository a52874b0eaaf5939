import type { CompiledLexicon } from '../lexicon/index.js';
import type { KnownUser, Outcome } from '../types.js';
import { correctWord } from '../learned/spelling.js';
import { identity, rewrite, type MappedText } from './rewrite.js';

/** A user named by platform markup (Slack `<@U…>`, Teams `<at>…</at>`). */
export interface Mention {
  /** The placeholder that stands for the mention in normalized text, e.g. `@mention0`. */
  token: string;
  name: string;
  userId?: string;
}

/** An emoji that says how something went (👍, 👎), removed from the text. */
export interface EmojiSentiment {
  /** Its offset in the original message. */
  at: number;
  outcome: Extract<Outcome, 'positive' | 'negative'>;
  /**
   * The original offset of the clause it speaks of: the text after it when it opens a clause ("👍 call w/
   * wei"), itself when it closes the one before ("call w/ wei 👍").
   */
  of: number;
}

export interface NormalizedMessage extends MappedText {
  mentions: Mention[];
  /** Sentiment carried by emoji, in the order written (`parse.ts` gives each to its clause). */
  emoji: EmojiSentiment[];
}

/** Long pastes are cut here: chat commands are short and the parser must stay fast. */
export const MAX_INPUT = 4000;

const PUNCTUATION =
  /[\u2018\u2019\u201A\u2032]|[\u201C\u201D\u201E\u2033]|[\u2013\u2014\u2212]|\u00A0|\u2026/g;
/** Quotes around a name ("push 'acme deck' to thurs"): the name is read as if unquoted. */
const QUOTED = /(?<=^|[\s(:])(['"])([^'"\n]{2,60}?)\1(?=$|[\s,.;:!?)])/g;
const MARKUP =
  /<@([A-Z0-9]+)(?:\|([^>]*))?>|<!(here|channel|everyone)(?:\|[^>]*)?>|<#[A-Z0-9]+(?:\|([^>]*))?>|<mailto:([^|>]+)(?:\|([^>]*))?>|<((?:https?|ftp):\/\/[^|>\s]+)(?:\|([^>]*))?>|<at(?:\s[^>]*)?>([\s\S]*?)<\/at>|<\/?(?:p|br|div|span|b|i|strong|em|u|s|code|pre|blockquote)(?:\s[^>]*)?\/?>|&(amp|lt|gt|nbsp|quot|#39|apos);/gi;
const EMOJI =
  /:[a-z0-9_+-]{1,40}:|\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*/gu;
const TOKEN = /[^\s,;!?()[\]{}"]+/g;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  quot: '"',
  '#39': "'",
  apos: "'",
};

function plainPunctuation(ch: string): string {
  if (/[\u2018\u2019\u201A\u2032]/.test(ch)) return "'";
  if (/[\u201C\u201D\u201E\u2033]/.test(ch)) return '"';
  if (ch === '\u00A0') return ' ';
  if (ch === '\u2026') return '.';
  return '-';
}

function findUser(users: KnownUser[], key: string): KnownUser | undefined {
  const k = key.toLowerCase();
  return users.find(
    (u) =>
      u.id.toLowerCase() === k ||
      u.name.toLowerCase() === k ||
      (u.handles ?? []).some((h) => h.toLowerCase() === k),
  );
}

function markupPass(input: MappedText, users: KnownUser[], mentions: Mention[]): MappedText {
  // ("<at>Lena Park</at>'s Q2 goal": a possessive stays on the name it follows.)
  let possessive = false;
  const mention = (name: string, userId?: string): string => {
    const token = `@mention${mentions.length}`;
    mentions.push(userId === undefined ? { token, name } : { token, name, userId });
    return possessive ? ` ${token}` : ` ${token} `;
  };
  return rewrite(input, MARKUP, (m) => {
    possessive = /^['\u2019]s\b/.test(m.input.slice(m.index + m[0].length));
    if (m[1] !== undefined) {
      const user = findUser(users, m[1]);
      return mention(user?.name ?? m[2] ?? m[1], user?.id ?? m[1]);
    }
    if (m[3] !== undefined) return ` ${m[3]} `;
    if (m[4] !== undefined || m[0].startsWith('<#')) return ` ${m[4] ?? 'channel'} `;
    if (m[5] !== undefined) return ` ${m[6] ?? m[5]} `;
    if (m[7] !== undefined) return ` ${m[8] ?? m[7]} `;
    if (m[9] !== undefined) {
      const name = m[9].replace(/<[^>]*>/g, '').trim();
      const user = findUser(users, name);
      return mention(user?.name ?? name, user?.id);
    }
    if (m[10] !== undefined) return ENTITIES[m[10].toLowerCase()] ?? ' ';
    return ' ';
  });
}

function emojiPass(input: MappedText, lex: CompiledLexicon): { text: MappedText; emoji: EmojiSentiment[] } {
  const { positive, negative, words } = lex.source.emoji;
  const emoji: EmojiSentiment[] = [];
  const text = rewrite(input, EMOJI, (m) => {
    const e = m[0];
    const base = e.replace(/\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu, '');
    const isCode = e.startsWith(':');
    const next = m.input
      .slice(m.index + e.length)
      .trimStart()
      .toLowerCase();
    const sentiment =
      positive.includes(e) || positive.includes(base)
        ? 'positive'
        : negative.includes(e) || negative.includes(base)
          ? 'negative'
          : undefined;
    if (sentiment) {
      const at = input.starts[m.index] ?? 0;
      const opens = /(?:^|[.;:!?,\n•*-])\s*$/u.test(m.input.slice(0, m.index)) && /^[\p{L}@<]/u.test(next);
      const after = m.index + e.length + (m.input.slice(m.index + e.length).length - next.length);
      emoji.push({ at, outcome: sentiment, of: opens ? (input.starts[after] ?? at) : at });
    }
    const word = words[e] ?? words[base];
    // "📞 call with Hooli" should not read "call call with Hooli".
    // An emoji ends what was said before it ("Acme won 🎉 remind me Monday ..."): a clause break. One
    // that stands for a word is that word ("Acme deck ✅"), and opens a clause of its own when it marks
    // the items of a list ("✅ Acme deck ✅ Globex SOW").
    if (word) {
      // "✅✅ globex whitepaper": the same emoji again says it louder, not again.
      if (m.input.slice(0, m.index).trimEnd().endsWith(e)) return ' ';
      const listMark = m.input.split(e).length > 2 && /^[\p{L}\p{N}@<]/u.test(next);
      const spoken = next.startsWith(word) ? ' ' : ` ${word} `;
      if (listMark) return `\n${spoken}`;
      // "acme proposal sent ✅ next up: f/u w/ jane": after what it marks, it ends that clause too.
      const said =
        m.input
          .slice(0, m.index)
          .split(/[.;!?\n]/)
          .pop() ?? '';
      const closes =
        /\p{L}+\s+\S*\p{L}/u.test(said) &&
        !lex.opensWhatFollows.test(said) &&
        /^[\p{L}@<]/u.test(next) &&
        spoken !== ' ';
      return closes ? `${spoken}\n` : spoken;
    }
    // Unknown `:word:` text may be a time ("at 3:30:") or a label, so only known shortcodes go.
    if (isCode && !positive.includes(e) && !negative.includes(e)) return null;
    return '\n';
  });
  return { text, emoji };
}

const GLUED_WITH = /\bw\/(?=[a-z@])/gi;

function shorthandPass(input: MappedText, lex: CompiledLexicon): MappedText {
  const unglued = rewrite(input, GLUED_WITH, () => 'with ');
  return rewrite(unglued, TOKEN, (m) => {
    const raw = m[0];
    const trimmed = raw.replace(/[.:]+$/, '');
    const lower = trimmed.toLowerCase();
    const found =
      lex.shorthands.get(lower) ?? misspelt(trimmed, /(?:^|[.!?])\s*$/.test(m.input.slice(0, m.index)), lex);
    if (found === undefined || found === lower) return null;
    return found + raw.slice(trimmed.length);
  });
}

/**
 * The word a token misspells ("Wht's" as "what's"). A capitalised word inside a sentence is a name,
 * matched against the tenant's own names, typos and all, later: it is corrected only into a day or a
 * month ("Fridaay", "Aprril"). A message in capitals shouts; its capitals say nothing of names.
 */
function misspelt(token: string, first: boolean, lex: CompiledLexicon): string | undefined {
  const parts = /^([A-Za-z]+)('[a-z]{1,2})?$/i.exec(token);
  const word = parts?.[1];
  if (!word) return undefined;
  // ("shouldn't" is "should" and "n't": a contraction is mended by the word before its "n't", if at all.)
  if (parts[2]?.toLowerCase() === "'t" && /n$/i.test(word)) {
    const base = correctWord(word.slice(0, -1).toLowerCase(), lex);
    return base === undefined ? undefined : `${base}n${parts[2]}`;
  }
  const fixed = correctWord(word.toLowerCase(), lex);
  if (fixed === undefined) return undefined;
  const shouting = word.length > 1 && word === word.toUpperCase();
  const name = !first && !shouting && /^[A-Z]/.test(word);
  const dateWord =
    lex.days.weekdays.some((re) => re.test(fixed)) ||
    lex.source.dates.monthPrefixes.some((prefix) => fixed.startsWith(prefix));
  return name && !dateWord ? undefined : fixed + (parts[2] ?? '');
}

/** Rewrite chat markup, emoji and shorthand into plain text, keeping a map back to the original. */
export function normalize(original: string, lex: CompiledLexicon, users: KnownUser[]): NormalizedMessage {
  const mentions: Mention[] = [];
  let text = identity(original.length > MAX_INPUT ? original.slice(0, MAX_INPUT) : original);
  text = rewrite(text, PUNCTUATION, (m) => plainPunctuation(m[0]));
  text = markupPass(text, users, mentions);
  text = rewrite(text, QUOTED, (m) => m[2] ?? null);
  const emoji = emojiPass(text, lex);
  text = shorthandPass(emoji.text, lex);
  text = rewrite(text, lex.timeRewrite.re, (m) => {
    const form = lex.timeRewrite.forms.find((f) => m[f.offset] !== undefined);
    return form ? form.to.replace(/\$(\d)/g, (_, n: string) => m[form.offset + Number(n)] ?? '') : null;
  });
  return { ...text, mentions, emoji: emoji.emoji };
}
