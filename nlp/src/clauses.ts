import { aboutSales, askedIntent, classify, announcedTask, type Classification } from './intents.js';
import { ASKED, READ_ONLY } from './slots.js';
import { clauseAudience } from './entities/audience.js';
import type { CompiledLexicon } from './lexicon/index.js';
import { isQuestion } from './questions.js';
import { maskRange, nameKind, type MessageSpans } from './spans.js';
import type { EmojiSentiment } from './text/normalize.js';
import type { Intent } from './types.js';
import { globally } from './text/regex.js';

/** A stretch of the normalized message that carries one command. */
export interface CommandGroup {
  start: number;
  end: number;
  classification: Classification;
  /** The clause that decided the intent; titles come from it, not from detail clauses. */
  main: Piece;
  /** The emoji that speak of it ("call w/ wei 👍"), given out in `parse.ts`. */
  emoji?: EmojiSentiment[] | undefined;
  /** A clause of details said of every command before it ("..., both due end of month, high pri"). */
  sharedTail?: Piece;
}

export interface Piece {
  start: number;
  end: number;
  /** Cut from the clause before at a joiner ("and", "then"), not at punctuation. */
  joined?: true;
  /** An item of a numbered or lettered list ("1) ...", "(2) ...", "b) ..."): a command of its own. */
  item?: true;
}

/** Below this a clause is read as more detail for the command before it, not a command of its own. */
const OWN_COMMAND = 0.6;

/** Whether a stretch of text reads as a command on its own (it carries a predicate of ours). */
export type CommandTest = (piece: Piece) => boolean;

function splitOnJoiners(text: string, piece: Piece, lex: CompiledLexicon, isCommand?: CommandTest): Piece[] {
  const out: Piece[] = [];
  let start = piece.start;
  let joined = false;
  const joiner = lex.clauseJoiner;
  joiner.lastIndex = 0;
  const body = text.slice(piece.start, piece.end);
  for (let m = joiner.exec(body); m; m = joiner.exec(body)) {
    const cut = piece.start + m.index;
    const next = cut + m[0].length;
    const rest = text.slice(next, piece.end);
    const left = text.slice(start, cut).trim();
    // "new task (keep it between me and sam): ...": no clause ends inside brackets.
    if (/[([][^)\]]*$/.test(text.slice(piece.start, cut))) continue;
    // "called Jane and she wants a quote": both sides carry a predicate, so each is a clause.
    // ("share w/ lena and sam.": one word after the joiner is one more of a list, not a clause.)
    const both = (): boolean =>
      isCommand !== undefined &&
      /\S\s+\S/.test(rest.trim()) &&
      isCommand({ start: next, end: piece.end }) &&
      isCommand({ start, end: cut });
    // Two words are too few for a clause, but for a question before another ("what's blocked and what's high
    // pri") or a command the rules read surely ("undo that and set wayne to proposal").
    const twoQuestions = lex.questionOpener.test(left) && lex.questionOpener.test(rest.trimStart());
    const short = left.split(/\s+/).length;
    const sureShort = (): boolean => !/^\s*@/.test(rest) && lex.clauseStarter.test(rest) && both();
    // "raj's pipeline + raj's calls this month": a plus between two commands the rules read joins two.
    const plusOfTwo = (): boolean => m[0].trim() === '+' && short >= 2 && both();
    // "xcust, 30k, lead stage + task to qualify xcust": a plus before a command of its own starts one.
    // ("goal for raj + chris this month: 15 demos each": "each" says the plus lists whom the one command is for.)
    const plusBefore = (): boolean =>
      m[0].trim() === '+' &&
      short >= 2 &&
      !lex.eachCue.test(rest) &&
      isCommand !== undefined &&
      isCommand({ start: next, end: piece.end });
    if (short < 3 && !twoQuestions && !sureShort() && !plusOfTwo() && !plusBefore()) continue;
    // An arrow, or a question word with no joiner before it, cuts only between two commands.
    const strict = lex.commandJoiner.test(m[0].trim());
    if ((!strict && lex.clauseStarter.test(rest)) || both() || plusBefore()) {
      out.push(joined ? { start, end: cut, joined } : { start, end: cut });
      start = next;
      joined = true;
    }
  }
  out.push(joined ? { start, end: piece.end, joined } : { start, end: piece.end });
  if (piece.item) out[0]!.item = true;
  return out;
}

/** Cut the message at sentence punctuation, then at "and"/"then" when a new command follows. */
export function splitClauses(text: string, lex: CompiledLexicon, isCommand?: CommandTest): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  // ("tasks: 1. call bob fri 2. prep the deck": "2." is the next item's mark, not the end of "fri 2".)
  const breaks = lex.numberedList.test(text) ? lex.numberedBreak : lex.clauseBreak;
  breaks.lastIndex = 0;
  let item = false;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    pieces.push(item ? { start, end: m.index, item } : { start, end: m.index });
    start = m.index + m[0].length;
    item = lex.listMark.test(m[0]);
  }
  pieces.push(item ? { start, end: text.length, item } : { start, end: text.length });
  return keepBracketsWhole(text, pieces)
    .filter((p) => text.slice(p.start, p.end).trim().length > 0)
    .flatMap((p) => splitOnJoiners(text, p, lex, isCommand));
}

/**
 * "take the initech prep (due 3/20, team visible) and ...": what a bracket holds is detail of the clause
 * it stands in, so no clause ends inside one.
 */
function keepBracketsWhole(text: string, pieces: Piece[]): Piece[] {
  const brackets = [...text.matchAll(/\([^()]*\)|\[[^[\]]*\]/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (brackets.length === 0) return pieces;
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    const open = last && brackets.find((b) => b.start < last.end && last.end < b.end);
    if (!last || !open) out.push({ ...piece });
    // The clause before takes the bracket to its end; what follows the bracket is still a clause.
    else if (open.end >= piece.end || !/\p{L}/u.test(text.slice(open.end, piece.end))) last.end = piece.end;
    else {
      last.end = open.end;
      out.push({ ...piece, start: open.end });
    }
  }
  return out;
}

/** A clause with one of these intents right after the key intent only adds detail to it. */
const DETAIL_OF: Partial<Record<Intent, Intent[]>> = {
  create_opportunity: ['update_opportunity'],
  create_task: ['update_task'],
  set_reminder: ['update_task'],
};

/** Intents a message may say several times over, once per piece of work ("remind me at 1 to ..., at 3 to ..."). */
const REPEATABLE = new Set<Intent>([
  'create_task',
  'update_task',
  'complete_task',
  'set_reminder',
  'set_goal',
]);

/** Commands besides the repeatable ones that "same for <another>" says again of another record. */
const SAID_AGAIN = new Set<Intent>(['log_interaction', 'update_opportunity', 'create_opportunity']);

/** Intents that one message rarely says twice about the same customer; repeats add detail. */
const ONCE_PER_CUSTOMER = new Set<Intent>([
  'help',
  'undo',
  'cancel',
  'log_interaction',
  'create_opportunity',
  'update_opportunity',
  'query_opportunity',
  'query_customer',
]);

interface Candidate {
  c: Classification;
  /** The clause points back at the command before it ("send it", "move that"). */
  backReference: boolean;
  /** The clause names a record, or quotes a name ("push 'acme deck' to thurs"). */
  namesRecord: boolean;
  newCustomer: boolean;
  /** The clause names a contact the command before it does not ("called Jane, emailed Bob"). */
  newPerson: boolean;
  /** The clause names a kind of interaction the command before it does not ("emailed her, then hopped on a call"). */
  newType: boolean;
  /** The clause names a colleague the command before it does not ("raj: call acme. lena: send them the quote"). */
  newColleague: boolean;
  /** The clause opens by addressing a colleague ("... and <@U2> pls finish the cert training"). */
  addressesColleague: boolean;
  /** The clause is a sentence or list item of its own (not joined by "and" to the one before). */
  ownSentence: boolean;
  /** The clause names a colleague or a date of its own ("Lena - Soylent deck by Monday"). */
  ownDetails: boolean;
  /** The clause opens a question of its own ("..., and who owns Globex?"). */
  ownQuestion: boolean;
  /** Two words or fewer, naming no record ("which company"). */
  fragment: boolean;
  /** The clause names a field of a task, not the task ("push due date to mon"). */
  fieldOnly: boolean;
  /** The clause says the command before again for another ("and same for chris", "and 25 for raj"). */
  again: boolean;
  /** The clause is an item of a numbered or lettered list (`Piece.item`). */
  listItem: boolean;
  /** The clause names a colleague, whether or not the clause before does. */
  namesColleague: boolean;
  /** The clause follows a question mark ("what's in proposal rn? move the initech deal there too"). */
  afterQuestion: boolean;
}

/** A clause made only of a colleague, a date, a priority and a visibility ("raj. fri. high", "both collaborative"). */
/** "..., shared between xusr, xusr and me": a clause of people alone goes on listing those of the one before. */
function onlyPeople(masked: string, lex: CompiledLexicon): boolean {
  const { self, joins } = lex.audience;
  const words = masked.toLowerCase().match(/[\w']+|[+&,]/g) ?? [];
  return (
    words.some((w) => w.startsWith('xusr')) &&
    words.every((w) => w.startsWith('xusr') || self.has(w) || joins.has(w))
  );
}

/** What follows who may see a task, without the reason given for it ("so they can follow along"). */
function withoutReason(after: string, lex: CompiledLexicon): string {
  const reason = /[\w']+/g;
  for (const word of after.matchAll(reason))
    if (lex.audience.reasons.has(word[0].toLowerCase())) return after.slice(0, word.index);
  return after;
}

function onlyDetails(masked: string, lex: CompiledLexicon): boolean {
  if (onlyPeople(masked, lex)) return true;
  // "and let xusr and xusr have access to it": who may see the task, in words of the writer's own.
  const seen = clauseAudience(masked, lex);
  // ("..., shared with xusr since he's on the account": why they may see it is no more than who.)
  const unsaid = seen
    ? `${masked.slice(0, seen.said.start)} ${withoutReason(masked.slice(seen.said.end), lex)}`
    : masked;
  // A bare priority word counts after a comma ("..., high"): the clause is read as if one came before it.
  const clause = `, ${unsaid.trim().replace(lex.sharedDetails, '')}`;
  const flags = [...lex.priorities, ...lex.visibilities];
  if (!seen && !/\bx(?:usr|date|pastdate)\b/.test(clause) && !flags.some(([, re]) => re.test(clause)))
    return false;
  const rest = flags
    .reduce((text, [, re]) => text.replace(globally(re), ' '), clause)
    .replace(/\bx(?:usr\w*|date|pastdate)\b/g, ' ')
    .replace(lex.detailFiller, ' ');
  return !/\p{L}/u.test(rest);
}

/** Commands that change where a task stands: a word or two more saying the same is no second one. */
const STATUS_CHANGES = new Set<Intent>(['update_task', 'complete_task']);

/** Commands that make a task. */
const TASK_MADE = new Set<Intent>(['create_task', 'set_reminder']);

/** Commands a colleague can be given in a clause of its own ("..., assign to chris"). */
const HANDED_OVER = new Set<Intent>(['create_task', 'update_task', 'set_reminder']);

/** A clause only the learned classifier reads starts a command of its own at this score (p >= 0.97). */
const LEARNED_SPLITS = 0.77;

function startsNewCommand(prev: CommandGroup | undefined, next: Candidate): boolean {
  const { c } = next;
  if (c.intent === 'unknown') return false;
  if (!prev) return true;
  if (c.score < OWN_COMMAND || (c.learned && (!next.ownSentence || c.score < LEARNED_SPLITS))) return false;
  // "1) who owns massive dynamic 2) when did we last meet them": each item of a numbered list is its own.
  if (next.listItem) return true;
  const prevIntent = prev.classification.intent;
  // "is the hooli upgrade closing this month? also set a reminder to ping wei about it": a question, an undo
  // or a cancel never takes a change the rules read surely as its detail.
  const asksOrUndoes = (READ_ONLY.has(prevIntent) && prevIntent !== 'unknown') || prevIntent === 'undo';
  if (asksOrUndoes && !READ_ONLY.has(c.intent) && c.intent !== prevIntent && c.cue >= 0.8 && !c.learned)
    return true;
  // ... nor, once its question mark ends it, a change read at all: "what's in proposal rn? move the initech deal
  // there too", "is it still in negotiation? close date should be 3/28 now".
  if (asksOrUndoes && next.afterQuestion && !READ_ONLY.has(c.intent) && !next.fragment) return true;
  // "target 25 calls for lena and 25 for raj": the command before, again, for another colleague or account.
  if (next.again && (next.newColleague || next.newCustomer)) return true;
  // "who owns acme and who owns globex?": a second question with its own question word is asked too.
  const asked = (intent: Intent) => READ_ONLY.has(intent) && intent !== 'unknown' && intent !== 'help';
  // "who is sofia rossi again, which company": a fragment after a question asks it again, unless a strong
  // cue makes it a question of its own ("what's on my plate today + anything blocked?").
  if (next.fragment && asked(prevIntent) && c.cue < 0.9) return false;
  // "the Acme proposal isn't done after all, reopening": a word or two saying the same again is no second command.
  if (next.fragment && c.intent === prevIntent && STATUS_CHANGES.has(c.intent)) return false;
  // "what's the wayne deal worth & whose account is it": pointing back at the same record, it is still asked;
  // but the same question about the same account again is one ("how's hooli looking, anyone talked to them?").
  const askedAgain = c.intent === prevIntent && ONCE_PER_CUSTOMER.has(c.intent) && !next.newCustomer;
  if (next.ownQuestion && asked(c.intent) && asked(prevIntent) && !askedAgain) return true;
  // "set it to in progress and push due date to mon": another field of the same task is no second change.
  if (c.intent === prevIntent && STATUS_CHANGES.has(c.intent) && !next.newCustomer && next.fieldOnly)
    return false;
  // "remind me to prep the acme call, and push the acme deck to thurs": a task named by its record is another.
  const namesOwnTask = next.namesRecord && !next.backReference && !next.fieldOnly;
  // "chris take the stark sow, due fri, and make it team visible": pointing back, it is the task before.
  const detail = c.cue < 0.9 || (next.backReference && !next.namesRecord);
  if (DETAIL_OF[prevIntent]?.includes(c.intent) && detail && !next.newCustomer && !namesOwnTask) return false;
  if (c.intent !== prevIntent) return true;
  // "emailed priya the proposal then hopped on a call with her": another kind of interaction is another one.
  if (c.intent === 'log_interaction' && next.newType && c.cue >= 0.8) return true;
  if (
    ONCE_PER_CUSTOMER.has(c.intent) &&
    !next.newCustomer &&
    !(c.intent === 'log_interaction' && next.newPerson && c.cue >= 0.8)
  )
    return false;
  // "raj: call acme re the renewal. lena: send them the quote": work for another colleague is another task,
  // even when it points back at the first one's customer.
  if (
    REPEATABLE.has(c.intent) &&
    next.newColleague &&
    (next.ownSentence || next.addressesColleague) &&
    c.cue >= 0.5
  )
    return true;
  // "remind me at 2 to prep the umbrella mtg + remind raj at 3 to join it": the same again, for a colleague
  // and a time of its own, even pointing back.
  if (
    c.intent === prevIntent &&
    REPEATABLE.has(c.intent) &&
    next.namesColleague &&
    next.ownDetails &&
    c.cue >= 0.9
  )
    return true;
  // "ping me at 1pm to prep for the call, and at 2:45pm to join it": a reminder again, at a time of its own.
  if (c.intent === 'set_reminder' && prevIntent === 'set_reminder' && next.ownDetails && c.cue >= 0.9)
    return true;
  if (next.backReference) return false;
  // "call bob tmrw + send him the deck eod": a task with a verb and a date of its own is another task.
  if (c.intent === 'create_task' && next.ownDetails && c.cue >= 0.8) return true;
  // "push the Hooli deck to friday and move the Acme quote to monday": another customer's piece of work
  // with a cue or a date of its own is another command, joined or not.
  if (REPEATABLE.has(c.intent) && next.newCustomer && (c.cue >= 0.8 || (next.ownDetails && c.cue >= 0.5)))
    return true;
  // "Acme Expansion is at 120k. Acme Renewal 2025 closes end of month": another deal in a sentence of its own.
  if (c.intent === 'update_opportunity' && next.newCustomer && next.ownSentence && c.cue >= 0.5) return true;
  // "log a call with Acme, discussed pricing": a second weak cue for the same intent adds detail, but
  // "Raj - Tyrell quote by the 20th. Lena - meeting prep by the 19th" is a second task.
  return c.cue >= 0.9 || (next.ownSentence && (c.cue >= 0.8 || (next.ownDetails && c.cue >= 0.5)));
}

/** A clause of ours that asks (`isQuestion`), read masked. */
function asksAbout(text: string, piece: Piece, masked: string, lex: CompiledLexicon): boolean {
  return isQuestion(masked.trim(), text.slice(piece.end), lex) && !lex.offTopic.test(masked);
}

/** Whether a stretch names a colleague or a date. */
function hasOwnDetails(text: string, spans: MessageSpans, range: Piece): boolean {
  const inside = (s: { start: number; end: number }): boolean => s.start >= range.start && s.end <= range.end;
  return spans.dates.some(inside) || spans.names.some((n) => inside(n) && nameKind(n, text) === 'user');
}

function namesIn(text: string, spans: MessageSpans, range: Piece, kinds: string[]): Set<string> {
  const out = new Set<string>();
  for (const n of spans.names) {
    if (n.start < range.start || n.end > range.end) continue;
    if (kinds.includes(nameKind(n, text))) out.add(n.candidates[0]?.name ?? n.text);
  }
  return out;
}

/** Whether `piece` names one of `kinds` that `prev` does not, when `prev` names any. */
function namesAnother(
  text: string,
  spans: MessageSpans,
  prev: Piece | undefined,
  piece: Piece,
  kinds: string[],
): boolean {
  if (!prev) return false;
  const before = namesIn(text, spans, prev, kinds);
  return before.size > 0 && [...namesIn(text, spans, piece, kinds)].some((name) => !before.has(name));
}

/** Whether `piece` names a kind of interaction that `prev` (which names one) does not. */
function namesAnotherType(prev: string, piece: string, lex: CompiledLexicon): boolean {
  const kinds = (text: string) =>
    new Set(lex.interactionTypes.filter(([, re]) => re.test(text)).map(([kind]) => kind));
  const before = kinds(prev);
  return before.size > 0 && [...kinds(piece)].some((kind) => !before.has(kind));
}

/**
 * "demo went ok. marcus wants pricing → send pricing to marcus by thurs": what the customer wants, said just before
 * the task it asks for, is why the task is there, not a task of its own; it goes with the command before it (or
 * with the task, when it opens the message).
 */
function withoutWishes(
  groups: CommandGroup[],
  text: string,
  spans: MessageSpans,
  lex: CompiledLexicon,
): CommandGroup[] {
  const out: CommandGroup[] = [];
  let opensNext: number | undefined;
  for (const [i, g] of groups.entries()) {
    const next = groups[i + 1];
    const reason =
      g.classification.intent === 'create_task' &&
      next?.classification.intent === 'create_task' &&
      !next.classification.learned &&
      next.classification.cue >= 0.8 &&
      // ("they need an NDA; Chris please send it": the task after points back at what is wanted, as its own.)
      !lex.taskChange.pointed.test(maskRange(text, spans, next)) &&
      lex.wishOnly.test(maskRange(text, spans, g));
    const prev = out[out.length - 1];
    if (reason && prev) prev.end = g.end;
    else if (reason) opensNext ??= g.start;
    else out.push(opensNext === undefined ? g : { ...g, start: opensNext });
    if (!reason) opensNext = undefined;
  }
  return out;
}

/**
 * "I need to send Tyrell the contract tomorrow, can you remind me": a reminder clause that names nothing
 * turns the plan before it into the reminder; "sam needs 100 demos a month, make that his target" turns
 * the figure before it into the goal.
 */
function foldBareReminders(
  groups: CommandGroup[],
  text: string,
  spans: MessageSpans,
  lex: CompiledLexicon,
): CommandGroup[] {
  // (After a call that happened, "set a reminder" is one of its own: only a planned one is what it is about.)
  const planned = (p: CommandGroup): boolean =>
    p.classification.intent === 'log_interaction' &&
    spans.dates.some(
      (d) => d.start >= p.start && d.end <= p.end && !d.past && (d.explicitFuture || d.time !== undefined),
    );
  return foldEach(groups, (prev, g) => {
    // "reminder thu 2:30pm - call olga re renewal": a reminder that says only when is about the task after it.
    const about =
      prev.classification.intent === 'set_reminder' &&
      (g.classification.intent === 'create_task' || g.classification.intent === 'log_interaction') &&
      lex.reminderHead.test(maskRange(text, spans, prev));
    if (about) return { ...prev, end: g.end, main: g.main };
    const body = text.slice(g.start, g.end);
    const reminder = g.classification.intent === 'set_reminder' && lex.bareReminder.test(body);
    const goal = g.classification.intent === 'set_goal' && lex.bareGoal.test(body.replace(/[.!,]+\s*$/, ''));
    // ("noon fri - confirm lunch w carlos, set a reminder": what the reminder is about came first.)
    const remindable = prev.classification.intent === 'create_task' || planned(prev);
    return (reminder && remindable) || goal
      ? { ...prev, end: g.end, classification: g.classification }
      : undefined;
  });
}

/** Each group, or merged into the one kept before it where `merge` returns what the two make together. */
function foldEach(
  groups: CommandGroup[],
  merge: (prev: CommandGroup, g: CommandGroup) => CommandGroup | undefined,
): CommandGroup[] {
  const out: CommandGroup[] = [];
  for (const g of groups) {
    const prev = out[out.length - 1];
    const merged = prev && merge(prev, g);
    if (merged) out[out.length - 1] = merged;
    else out.push(g);
  }
  return out;
}

/**
 * "new task: send olga the deck by thu, team visible... actually scratch that, just me": a take-back that goes on to
 * say what instead corrects the change before it (`correctWithin` in parse.ts reads what it says), it undoes nothing.
 */
function withCorrectionsKept(
  groups: CommandGroup[],
  text: string,
  spans: MessageSpans,
  lex: CompiledLexicon,
): CommandGroup[] {
  return foldEach(groups, (prev, g) => {
    const said = maskRange(text, spans, g);
    const opener = lex.correction.exec(said);
    const instead = opener !== null && /[\p{L}\d]/u.test(said.slice(opener[0].length));
    const corrects = g.classification.intent === 'undo' && !READ_ONLY.has(prev.classification.intent);
    return corrects && instead ? { ...prev, end: g.end } : undefined;
  });
}

/**
 * "done today: ✅ Acme proposal ✅ Globex follow-up": a heading that opens the message and names no record,
 * before commands of its kind, says what they are and is no command of its own; one that says who may see
 * them ("only i should see this — prep the wayne briefing") is said of the command after it.
 */
function withoutHeadings(
  groups: CommandGroup[],
  text: string,
  spans: MessageSpans,
  lex: CompiledLexicon,
): CommandGroup[] {
  const [first, next] = groups;
  if (!first || !next) return groups;
  // ... and the list after it opens with a list mark (a check mark read as a new line, a bullet, "1)").
  const heading =
    (/:\s*$/.test(text.slice(first.start, first.end)) ||
      /^\s*[-–—]/.test(text.slice(first.end, next.start))) &&
    /^\s*(?:[:\-–—]\s*)?(?:\n|[•*·-]\s|\(?\d[.)]\s|\(?[a-f]\)\s|\S)/.test(text.slice(first.end, next.end));
  const masked = maskRange(text, spans, first);
  const namesNone = !/\bx(?:cust|opp|pers|usr)/.test(masked);
  // "eod recap: 1) ...", "todo list pls - ...": a heading that says nothing itself is no command.
  const saysNothing =
    next.classification.intent === first.classification.intent ||
    first.classification.learned === true ||
    lex.listHeading.test(masked);
  if (!heading || !namesNone || !saysNothing) return groups;
  if (saysWhoMaySee(text.slice(first.start, first.end), lex))
    return [{ ...next, start: first.start }, ...groups.slice(2)];
  return groups.slice(1);
}

/** Whether a stretch says who may see a task ("just for me", "share w/ lena", "team visible"). */
const saysWhoMaySee = (said: string, lex: CompiledLexicon): boolean =>
  lex.visibilities.some(([, re]) => re.test(said)) || clauseAudience(said, lex) !== undefined;

/**
 * "hide this one from everyone else — prep my wayne notes by thu": a first change that points at no task
 * yet, only saying who may see it, announces the new task after it, and is read with it.
 */
function withAnnouncedTask(groups: CommandGroup[], text: string, spans: MessageSpans, lex: CompiledLexicon) {
  const [first, next] = groups;
  if (!first || !next || first.classification.intent !== 'update_task') return groups;
  if (next.classification.intent !== 'create_task') return groups;
  const masked = maskRange(text, spans, first);
  const saysWho = saysWhoMaySee(text.slice(first.start, first.end), lex);
  const announces = /^\s*[:\-–—]/.test(text.slice(first.end, next.start));
  if (
    !saysWho ||
    !announces ||
    !lex.taskChange.pointed.test(masked) ||
    /\bx(?:cust|opp|pers|date)\b/.test(masked)
  )
    return groups;
  return [{ ...next, start: first.start }, ...groups.slice(2)];
}

/** Split into clauses, classify each, and merge the ones that only add detail to a neighbour. */
export function groupCommands(
  text: string,
  spans: MessageSpans,
  lex: CompiledLexicon,
  classifier: typeof classify = classify,
): CommandGroup[] {
  const groups: CommandGroup[] = [];
  let pendingStart: number | undefined;
  const seen = new Map<string, Classification>();
  const classifyOnce = (masked: string): Classification => {
    const known = seen.get(masked) ?? classifier(masked, lex);
    seen.set(masked, known);
    return known;
  };
  // A clause the rules read as a command, not one only the learned classifier guesses at: half of "pushed
  // both the Acme proposal and the Globex deck to next week" is no command of its own.
  const isCommand: CommandTest = (p) => {
    const c = classifyOnce(maskRange(text, spans, p));
    return c.score >= OWN_COMMAND && !c.learned;
  };
  const pieces = splitClauses(text, lex, isCommand);
  // "Jane Doe, Acme, 30 min, call": a note made of short fragments is one clause, not five.
  const words = (p: Piece): number => text.slice(p.start, p.end).trim().split(/\s+/).length;
  // "..., call, went well": how it went is detail for the note, not a command among its fragments.
  const saysHowItWent = (p: Piece): boolean =>
    !/\p{L}/u.test(lex.outcomes.reduce((t, [, re]) => t.replace(re, ''), text.slice(p.start, p.end)));
  const commands = (list: Piece[]): number => list.filter((p) => !saysHowItWent(p) && isCommand(p)).length;
  const terse =
    pieces.length >= 3 && pieces.every((p) => words(p) <= 3 && !p.joined) && commands(pieces) <= 1;
  for (const piece of terse ? [{ start: 0, end: text.length }] : pieces) {
    const masked = maskRange(text, spans, piece);
    const prev = groups[groups.length - 1];
    // "<@lena> <@raj> great work today. Hooli is closed won": thanks and praise are no command, and the day
    // they name is no detail of the command after them ("hi lena, can you ..." still addresses Lena).
    if (lex.courtesy.test(masked) && lex.namesWhen.test(masked)) {
      pendingStart = undefined;
      continue;
    }
    // "prep the acme deck by mon, p2, just for me. remind me fri ...": who may see it, at the end of a
    // sentence or before another command, is said of the task before, not of what follows.
    const after = text.slice(piece.end);
    const joinedTo = lex.joinedBy.exec(after);
    const endsSaying =
      /^\s*[.!;\n]/.test(after) ||
      (joinedTo !== null && lex.clauseStarter.test(after.slice(joinedTo[0].length)));
    // "pull usage stats for the massive dynamic qbr, EOW. only me + my mgr should see it": work that only some
    // may see is a task, and said with a deadline before it, no question.
    const prevAsked =
      prev && READ_ONLY.has(prev.classification.intent) && prev.classification.intent !== 'unknown';
    const prevMasked = prevAsked ? maskRange(text, spans, prev) : '';
    if (
      prev &&
      prevAsked &&
      /\bxdate\b/.test(prevMasked) &&
      !asksAbout(text, prev, prevMasked, lex) &&
      saysWhoMaySee(masked, lex) &&
      onlyDetails(masked, lex)
    ) {
      const score = Math.max(prev.classification.score, OWN_COMMAND);
      prev.classification = { ...prev.classification, intent: 'create_task', score };
      prev.end = piece.end;
      continue;
    }
    if (
      prev &&
      HANDED_OVER.has(prev.classification.intent) &&
      pendingStart === undefined &&
      endsSaying &&
      saysWhoMaySee(masked, lex) &&
      onlyDetails(masked, lex)
    ) {
      // ("... by Monday. Both tasks should be visible to the team.": said of every task before.)
      if (lex.sharedDetails.test(masked)) prev.sharedTail = { start: piece.start, end: piece.end };
      prev.end = piece.end;
      continue;
    }
    // "remind sam thu EOD → chase the PO": after a reminder that says only whom and when, what to remind of
    // (asked of too: "has anyone reminded sam thu EOD → chase the PO" is one question).
    if (
      prev &&
      /^[\s,:;\u2013\u2014>=→-]*$/.test(text.slice(prev.end, piece.start)) &&
      lex.reminderWithoutWhat.test(maskRange(text, spans, prev))
    ) {
      prev.end = piece.end;
      continue;
    }
    // "give me a task, only for me to see, to do a loss review by fri": what the task is for is the task.
    if (prev && TASK_MADE.has(prev.classification.intent) && lex.workPurpose.test(masked)) {
      prev.end = piece.end;
      continue;
    }
    // ("how many mtgs did sam have? and chris?" asks again, of Chris: see `again` below; but "..., and
    // <at>Lena Park</at>, please send ..." addresses the request after the comma.)
    const addressesNext = /^\s*[,:]\s*\p{L}/u.test(after);
    if (lex.vocative.test(masked) && (!(prev && lex.sameAgain.test(masked)) || addressesNext)) {
      // "Raj, please book the deep dive": the name goes with the request after it.
      pendingStart ??= piece.start;
      continue;
    }
    // "prep the Q2 deck for acme, assign to chris, next week": who does it is detail of the task before.
    const withAddress =
      pendingStart === undefined ? masked : maskRange(text, spans, { start: pendingStart, end: piece.end });
    // "has anyone got the NDA from pied piper | sam | tmrw": details after a question are the question's.
    // ("do i need to log every email i send, or just the important ones?": the other half of the same question.)
    const detailsAsked = (): boolean => onlyDetails(withAddress, lex) || lex.alternativeOpener.test(masked);
    if (prev && prevAsked && detailsAsked() && !lex.sameAgain.test(masked)) {
      prev.end = piece.end;
      pendingStart = undefined;
      continue;
    }
    if (
      prev &&
      HANDED_OVER.has(prev.classification.intent) &&
      (lex.handOver.test(withAddress) || onlyDetails(withAddress, lex))
    ) {
      // ("..., both due end of month, high pri": the details after "both" are said of all of them.)
      // ("— all three as team tasks, due friday": a first detail read as an address is said of them all too.)
      if (lex.sharedDetails.test(withAddress) || prev.sharedTail?.end === prev.end)
        prev.sharedTail = { start: prev.sharedTail?.start ?? pendingStart ?? piece.start, end: piece.end };
      // "globex - renewal paperwork, in 2 wks, assign sam": work only guessed at, handed to someone with its
      // details, is new work unless it is pointed at as an existing task ("the Hooli deck").
      const guessed = prev.classification;
      if (
        guessed.learned &&
        guessed.intent === 'update_task' &&
        lex.handOver.test(withAddress) &&
        !lex.namesExistingTask.test(text.slice(prev.start, prev.end))
      )
        prev.classification = { ...guessed, intent: 'create_task' };
      prev.end = piece.end;
      pendingStart = undefined;
      continue;
    }
    // "drafted the vandelay proposal, 80% there": the clause before names the task that moved on.
    const drafting =
      prev?.classification.intent === 'update_task' ||
      (prev?.classification.intent === 'create_task' &&
        !lex.newTaskWords.test(text.slice(prev.start, prev.end)));
    if (prev && drafting && lex.bareProgress.test(masked)) {
      const score = Math.max(prev.classification.score, OWN_COMMAND);
      prev.classification = { intent: 'update_task', score, runnerUp: 0, cue: 0.9 };
      prev.end = piece.end;
      continue;
    }
    // "cyberdyne deck - stuck, waiting on xusr for numbers": what the task waits on is its status, said again.
    const changesTask =
      prev?.classification.intent === 'update_task' || prev?.classification.intent === 'create_task';
    if (prev && changesTask && lex.waitingOn.test(masked) && !lex.namesExistingTask.test(masked)) {
      prev.end = piece.end;
      continue;
    }
    // "sent the quote to bob, check that off": the clause before names the task that is done.
    if (prev && !READ_ONLY.has(prev.classification.intent) && lex.bareDone.test(masked)) {
      const score = Math.max(prev.classification.score, OWN_COMMAND);
      prev.classification = { intent: 'complete_task', score, runnerUp: 0, cue: 0.9 };
      prev.end = piece.end;
      continue;
    }
    // "..., and same for chris", "what's on lena's plate? and raj's?": the command before, again.
    // ("log a call w/ dan at dunder, meh. same w/ aisha at soylent": another of the same, with someone else.)
    // ("push the hooli upgrade's close date to eom, same for acme expansion": a deal change, for another deal.)
    const again =
      prev &&
      (REPEATABLE.has(prev.classification.intent) ||
        READ_ONLY.has(prev.classification.intent) ||
        SAID_AGAIN.has(prev.classification.intent)) &&
      lex.sameAgain.test(masked);
    // "..., and the hooli sow to mon": the change before, said short; but "✅ the redlines, and the proposal is
    // now at 60%" says a change of its own, which the rules read surely.
    const own = classifyOnce(masked);
    const saysOwn = (intent: Intent): boolean =>
      STATUS_CHANGES.has(intent) &&
      STATUS_CHANGES.has(own.intent) &&
      !own.learned &&
      own.cue >= 0.8 &&
      own.intent !== intent;
    const ellipsis =
      prev &&
      REPEATABLE.has(prev.classification.intent) &&
      lex.ellipsis.test(masked) &&
      !saysOwn(prev.classification.intent);
    // "Dunder Mifflin expansion — $48,500 — pls add as an opp": the deal said before is the one to open.
    if (
      prev?.classification.intent === 'update_opportunity' &&
      own.intent === 'create_opportunity' &&
      lex.recordAmount.test(maskRange(text, spans, prev)) &&
      !spans.money.some((m) => m.start >= piece.start && m.end <= piece.end) &&
      !namesAnother(text, spans, prev, piece, ['customer', 'opportunity'])
    ) {
      prev.classification = { ...own, score: Math.max(own.score, OWN_COMMAND) };
      prev.end = piece.end;
      continue;
    }
    let c = again || ellipsis ? { ...prev.classification, cue: 0.9 } : own;
    // "is the hooli upgrade closing this month or next? also ...": a first question about our records the rules
    // cannot read is still a question of its own, not the preamble of the command after it.
    const guessedWrite = c.learned === true && !READ_ONLY.has(c.intent);
    if (
      !prev &&
      (c.intent === 'unknown' || guessedWrite) &&
      asksAbout(text, piece, masked, lex) &&
      aboutSales(masked, lex)
    ) {
      const asked =
        askedIntent(masked, lex) ?? lex.questionTopics.find(([, topic]) => topic.test(masked))?.[0];
      if (asked) c = { intent: asked, score: OWN_COMMAND, runnerUp: 0, cue: 0 };
    }
    // "raj - initech exec summary, fri": the name before a request may be what makes it one.
    if (pendingStart !== undefined && (c.score < OWN_COMMAND || c.learned)) {
      const addressed = classifyOnce(maskRange(text, spans, { start: pendingStart, end: piece.end }));
      if (addressed.score >= OWN_COMMAND && !addressed.learned) c = addressed;
    }
    // "team task: update forecast fields in the CRM", the preamble a clause of its own.
    if (pendingStart !== undefined) {
      // ("low pri task, visible to team: tidy up ...": the announcement may run on to a colon in this clause.)
      const colon = masked.indexOf(':');
      const head = maskRange(text, spans, { start: pendingStart, end: piece.start });
      c =
        announcedTask(colon >= 0 && colon <= 40 ? head + masked.slice(0, colon + 1) : head, masked, c, lex) ??
        c;
    }
    // "Vandelay lost. how much is left in negotiation?": a question is never detail for a change, and
    // never a change itself; one with a question cue of its own is a command of its own.
    // "can someone gimme the rundown on the account?": a polite request the rules read as a question asks.
    const politelyAsks =
      READ_ONLY.has(c.intent) && c.intent !== 'unknown' && /^[\s)]*\?/.test(text.slice(piece.end));
    if (prev && (politelyAsks || asksAbout(text, piece, masked, lex))) {
      const prevText = text.slice(prev.start, prev.end);
      // "Acme moved to negotiation, right?": a question tag asks the clause before it.
      if (lex.tagQuestion.test(masked.trim())) {
        const main = maskRange(text, spans, prev.main);
        const asked = askedIntent(main, lex) ?? ASKED[prev.classification.intent] ?? 'unknown';
        Object.assign(prev, { end: piece.end, classification: { ...prev.classification, intent: asked } });
        continue;
      }
      // Only after a change the rules are sure of is a question a command of its own: "Stark deal,
      // where is it at?" and "remind me, what's due today?" are one question about their first clause.
      // A question that points back at the clause before it ("new opp for Soylent, did someone create it
      // already?") asks about that clause too.
      // A question in a sentence of its own asks on its own ("globex pilot is 30k now. when's it supposed to
      // close?"), and "them" after talking to someone is the customer ("..., has anyone talked to them?").
      const ownSentence = /[.!?]\s*$/.test(text.slice(0, piece.start));
      const pointsBack = lex.backReference.test(
        masked.replace(/\bthey\b/, 'them').replace(lex.personPronoun, ' '),
      );
      const sure =
        piece.item === true ||
        (prev.classification.score >= 0.75 &&
          !prev.classification.learned &&
          !lex.bareReminder.test(prevText) &&
          (ownSentence || !pointsBack));
      // After a sentence about something we do not do, only a question the rules read is one of ours: "my
      // laptop keeps restarting, who do i call" asks about the laptop.
      const offTopicBefore = prev.classification.intent === 'unknown';
      const question =
        READ_ONLY.has(c.intent) && c.intent !== 'unknown'
          ? offTopicBefore && c.learned
            ? undefined
            : c.intent
          : offTopicBefore
            ? undefined
            : (askedIntent(masked, lex) ?? ASKED[c.intent]);
      if (question && !sure && !READ_ONLY.has(prev.classification.intent)) {
        // The two read together, when the rules read them as a question ("team demo goal for march, where
        // r we" asks about the goal).
        const together = classifyOnce(maskRange(text, spans, { start: prev.start, end: piece.end }));
        const asked =
          READ_ONLY.has(together.intent) && together.intent !== 'unknown' && !together.learned
            ? together.intent
            : question;
        Object.assign(prev, {
          end: piece.end,
          main: { start: prev.main.start, end: piece.end },
          classification: { ...c, intent: asked, score: Math.max(c.score, OWN_COMMAND) },
        });
        continue;
      }
      if (question && question !== c.intent)
        c = { intent: question, score: OWN_COMMAND, runnerUp: 0, cue: 0 };
      else if (c.cue >= 0.8 && sure) c = { ...c, score: Math.max(c.score, OWN_COMMAND) };
      // "new opp Soylent 40k. what's in the Soylent account so far?": a question in a sentence of its own
      // after a change the rules are sure of is asked, even when only the learned classifier reads it.
      else if (sure && !piece.joined && READ_ONLY.has(c.intent) && c.score >= OWN_COMMAND)
        c = { ...c, score: Math.max(c.score, LEARNED_SPLITS) };
    }
    // "call acme. raj, call globex": the name before a request is the request's.
    const addressed = { start: pendingStart ?? piece.start, end: piece.end };
    const newCustomer = namesAnother(text, spans, prev, addressed, ['customer', 'opportunity']);
    const newPerson = namesAnother(text, spans, prev, addressed, ['contact']);
    const newColleague = namesAnother(text, spans, prev, addressed, ['user']);
    const backReference = lex.backReference.test(masked);
    const ownDetails = hasOwnDetails(text, spans, addressed);
    const newType = prev !== undefined && namesAnotherType(maskRange(text, spans, prev), masked, lex);
    // ... of three words or more: "who is sofia rossi again, which company" asks one thing.
    const asked = masked.trim().replace(lex.preamble, '');
    const words = asked.split(/\s+/).length;
    const ownQuestion = lex.questionOpener.test(asked) && words >= 3;
    const fragment = words <= 2 && !/\bx(?:cust|pers|opp|usr)/.test(asked);
    const candidate = {
      c,
      backReference,
      namesRecord: /\bx(?:cust|opp|pers)\b|'[^']{3,}'|"[^"]{3,}"/.test(masked),
      newCustomer,
      newPerson,
      newColleague,
      addressesColleague: /^(?:xusr\w*[\s,:;-]*)+(?:pls |please |can you |could you )?\S/.test(masked),
      newType,
      ownSentence: !piece.joined,
      ownDetails,
      ownQuestion,
      fragment,
      fieldOnly: lex.taskField.test(masked),
      again: Boolean(again),
      listItem: piece.item === true,
      namesColleague: namesIn(text, spans, addressed, ['user']).size > 0,
      afterQuestion: /\?\s*$/.test(text.slice(0, piece.start)),
    };
    // "vpn is down again. anyway, met carlos from vandelay": a sentence about something we do not do is a
    // command of its own that nobody can carry out, so the reply can say what it left out.
    const offTopic = c.intent === 'unknown' && !piece.joined && lex.offTopic.test(masked);
    if (offTopic && prev?.classification.intent !== 'unknown') {
      const main = { start: piece.start, end: piece.end };
      groups.push({ start: pendingStart ?? piece.start, end: piece.end, classification: c, main });
      pendingStart = undefined;
    } else if (startsNewCommand(prev, candidate)) {
      // "dan murphy intro email sent, mark it done": what "it" points back at names the command's work.
      // ("Good morning. <at>Sam</at>, please prepare ... and keep it between us": a greeting and a name are no work.)
      const main =
        pendingStart !== undefined &&
        backReference &&
        !lex.vocative.test(maskRange(text, spans, { start: pendingStart, end: piece.start }))
          ? { start: pendingStart, end: piece.start }
          : { start: piece.start, end: piece.end };
      groups.push({ start: pendingStart ?? piece.start, end: piece.end, classification: c, main });
      pendingStart = undefined;
    } else if (prev) {
      prev.end = piece.end;
      pendingStart = undefined;
      // "they're going w/ a competitor. deal lost": the clause the rules read surely is what the command rests on.
      const surer =
        c.intent === prev.classification.intent && !c.learned && c.score > prev.classification.score;
      // "the Initech exec call prep — can we make that visible to the whole team?": a change the rules read,
      // pointing back at work named as a task, changes that task.
      // ("everyone should see the stark kickoff prep — pls flip it from private": one that says who may see it.)
      const guessed = prev.classification.learned === true || prev.classification.score < OWN_COMMAND;
      const namesTask = (main: string): boolean =>
        (lex.namesExistingTask.test(main) || clauseAudience(main, lex) !== undefined) &&
        !lex.newTaskWords.test(text.slice(prev.main.start, prev.main.end));
      const changesIt =
        guessed &&
        (c.intent === 'update_task' || c.intent === 'complete_task') &&
        !c.learned &&
        c.score >= OWN_COMMAND &&
        backReference &&
        namesTask(maskRange(text, spans, prev.main));
      if ((surer && prev.classification.learned) || changesIt) prev.classification = c;
    } else {
      pendingStart ??= piece.start;
    }
  }
  // "send the deck by Friday, @lena": a name at the end goes with the command before it.
  const last = groups[groups.length - 1];
  if (last && pendingStart !== undefined) last.end = text.length;
  if (groups.length > 1 && lex.remindersHeading.test(maskRange(text, spans, groups[0]!)))
    // "reminders: 1) call jane 2pm 2) email wei tmrw": every piece of work under the heading is a reminder.
    for (const g of groups)
      if (g.classification.intent === 'create_task')
        g.classification = { ...g.classification, intent: 'set_reminder' };
  if (groups.length > 1)
    return withCorrectionsKept(
      foldBareReminders(
        withAnnouncedTask(
          withoutHeadings(withoutWishes(groups, text, spans, lex), text, spans, lex),
          text,
          spans,
          lex,
        ),
        text,
        spans,
        lex,
      ),
      text,
      spans,
      lex,
    );
  if (groups.length === 0) {
    const whole = { start: 0, end: text.length };
    groups.push({ ...whole, classification: classifier(maskRange(text, spans, whole), lex), main: whole });
  }
  return groups;
}

/** What stands between two records of a list: a comma, "and", "&", "+", "/" (and maybe "the"). */
const LIST_MARK_BEFORE_RECORD = /(?:,\s*(?:and\s+)?|\s+(?:and|&|\+)\s+|\s*\/\s*)(?=(?:the\s+|their\s+)?$)/i;

/** Intents one verb may say of several records at once ("knocked out the Hooli SOW and the Initech deck"). */
const DISTRIBUTES = new Set<Intent>([
  'create_task',
  'complete_task',
  'update_task',
  'log_interaction',
  'update_opportunity',
  'query_opportunity',
]);

/**
 * "called Initech and Hooli", "moved Acme and Globex to negotiation": one verb over a list of records of one
 * kind (customers, for interactions: one meeting may have several people) is one command per record. The group's stretch is cut before each record after the
 * first, at the list mark between them (a comma, "and", "&", "+", "/"); what the verb says of all of
 * them is shared after extraction (`parse.ts`). Undefined when the group names no such list.
 */
export function listedRecords(
  text: string,
  spans: MessageSpans,
  group: CommandGroup,
  lex: CompiledLexicon,
): Piece[] | undefined {
  if (!DISTRIBUTES.has(group.classification.intent)) return undefined;
  // The whole group: "logged 3 calls today: Globex, Initech and Hooli" lists past its first clause.
  const inGroup = spans.names.filter((n) => n.start >= group.main.start && n.end <= group.end);
  // "met Bob and Fatima at Initech" is one meeting; "called Initech and Hooli" two calls, and "left Jane and
  // Carlos voicemails" two: calls, emails and messages go to one person each, meetings and demos do not.
  // "status of acme renewal + acme expansion?", "where are we with acme and globex" ask about each deal.
  const kinds =
    group.classification.intent === 'query_opportunity'
      ? ['opportunity', 'customer']
      : group.classification.intent !== 'log_interaction'
        ? ['customer', 'contact', 'opportunity']
        : lex.oneToOne.test(maskRange(text, spans, group.main))
          ? ['customer', 'contact']
          : ['customer'];
  for (const kind of kinds) {
    const records = inGroup.filter((n) => nameKind(n, text) === kind);
    if (records[0] && records[0].start > group.main.end) continue;
    // "move pied piper, wonka and soylent to qualified": a list may open before the clause that says the verb.
    const before = spans.names.filter((n) => n.start >= group.start && n.end <= group.main.start);
    for (let i = before.length - 1; i >= 0 && records[0]; i--) {
      const name = before[i]!;
      if (
        nameKind(name, text) !== kind ||
        !LIST_MARK_BEFORE_RECORD.test(text.slice(name.end, records[0].start))
      )
        break;
      records.unshift(name);
    }
    const distinct = new Set(records.map((n) => n.candidates[0]?.name ?? n.text));
    if (records.length < 2 || distinct.size !== records.length) continue;
    const pieces: Piece[] = [];
    let start = group.start;
    for (let i = 1; i < records.length; i++) {
      const from = records[i - 1]!.end;
      // "tom becker at pied piper 👍, aisha at wonka": the account a contact is at is part of the entry.
      const between = spans.names
        .filter((n) => n.start >= from && n.end <= records[i]!.start)
        .reduce(
          (t, n) => t.slice(0, n.start - from) + ' '.repeat(n.end - n.start) + t.slice(n.end - from),
          text.slice(from, records[i]!.start),
        )
        .replace(lex.accountOfContact, (m) => ' '.repeat(m.length))
        .replace(/\n/g, ' ');
      const mark = LIST_MARK_BEFORE_RECORD.exec(between);
      // Between two records of a list stand a list mark and at most a noun or two ("SOW and the"), and
      // what parentheses add: "Vandelay proposal is 50% done, Initech numbers ✅" is two clauses, no list.
      const said = between.slice(0, mark?.index ?? 0).replace(/\([^)]*\)/g, ' ');
      // "moved the hooli upgrade to 4/30 and the acme renewal to 5/15": each record with its own complement.
      const own = /^\s*(?:[\w-]+\s+){0,2}?(to|till|until|into|by)\s+[^.;!?]{1,24}$/i.exec(said);
      const parallel =
        own && new RegExp(`^(?:\\s+[\\w-]+){0,2}?\\s+${own[1]}\\s`, 'i').test(text.slice(records[i]!.end));
      if (!mark || (!parallel && (said.trim().split(/\s+/).length > 2 || /[.;!?%\d]/.test(said)))) break;
      const at = records[i - 1]!.end + mark.index;
      pieces.push({ start, end: at });
      start = at + mark[0].length;
    }
    if (pieces.length !== records.length - 1) continue;
    return [...pieces, { start, end: group.end }];
  }
  return undefined;
}
