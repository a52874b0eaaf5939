import { classify, type Classification } from './intents.js';
import type { CompiledLexicon } from './lexicon/index.js';
import { maskRange, type MessageSpans } from './spans.js';
import type { Intent } from './types.js';

/** A stretch of the normalized message that carries one command. */
export interface CommandGroup {
  start: number;
  end: number;
  classification: Classification;
  /** The clause that decided the intent; titles come from it, not from detail clauses. */
  main: Piece;
}

export interface Piece {
  start: number;
  end: number;
}

const JOINER = /\s+(?:and|&|then|but|also|plus|\+)\s+/gi;
/** Below this a clause is read as more detail for the command before it, not a command of its own. */
const OWN_COMMAND = 0.6;

function splitOnJoiners(text: string, piece: Piece, lex: CompiledLexicon): Piece[] {
  const out: Piece[] = [];
  let start = piece.start;
  JOINER.lastIndex = 0;
  const body = text.slice(piece.start, piece.end);
  for (let m = JOINER.exec(body); m; m = JOINER.exec(body)) {
    const cut = piece.start + m.index;
    const rest = text.slice(cut + m[0].length, piece.end);
    const left = text.slice(start, cut).trim();
    if (left.split(/\s+/).length >= 3 && lex.clauseStarter.test(rest)) {
      out.push({ start, end: cut });
      start = cut + m[0].length;
    }
  }
  out.push({ start, end: piece.end });
  return out;
}

/** Cut the message at sentence punctuation, then at "and"/"then" when a new command follows. */
export function splitClauses(text: string, lex: CompiledLexicon): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  lex.clauseBreak.lastIndex = 0;
  for (let m = lex.clauseBreak.exec(text); m; m = lex.clauseBreak.exec(text)) {
    pieces.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  pieces.push({ start, end: text.length });
  return pieces
    .filter((p) => text.slice(p.start, p.end).trim().length > 0)
    .flatMap((p) => splitOnJoiners(text, p, lex));
}

/** A clause with one of these intents right after the key intent only adds detail to it. */
const DETAIL_OF: Partial<Record<Intent, Intent[]>> = {
  create_opportunity: ['update_opportunity'],
  create_task: ['update_task'],
  set_reminder: ['update_task'],
};

function startsNewCommand(prev: CommandGroup | undefined, c: Classification): boolean {
  if (c.intent === 'unknown') return false;
  if (!prev || prev.classification.intent === 'unknown') return true;
  if (c.score < OWN_COMMAND) return false;
  if (DETAIL_OF[prev.classification.intent]?.includes(c.intent) && c.cue < 0.9) return false;
  // "log a call with Acme, discussed pricing": a second weak cue for the same intent adds detail.
  return !(c.intent === prev.classification.intent && c.cue < 0.9);
}

/** Split into clauses, classify each, and merge the ones that only add detail to a neighbour. */
export function groupCommands(text: string, spans: MessageSpans, lex: CompiledLexicon): CommandGroup[] {
  const groups: CommandGroup[] = [];
  let pendingStart: number | undefined;
  for (const piece of splitClauses(text, lex)) {
    const c = classify(maskRange(text, spans, piece), lex);
    const prev = groups[groups.length - 1];
    if (startsNewCommand(prev, c)) {
      groups.push({ start: pendingStart ?? piece.start, end: piece.end, classification: c, main: piece });
      pendingStart = undefined;
    } else if (prev) {
      prev.end = piece.end;
    } else {
      pendingStart ??= piece.start;
    }
  }
  if (groups.length === 0) {
    const whole = { start: 0, end: text.length };
    groups.push({ ...whole, classification: classify(maskRange(text, spans, whole), lex), main: whole });
  }
  return groups;
}
