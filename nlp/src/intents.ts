import { clauseAudience } from './entities/audience.js';
import { cachedModel, modelKey } from './learned/cache.js';
import { IntentModel } from './learned/model.js';
import { trainingExamples } from './learned/training.js';
import type { CompiledLexicon } from './lexicon/index.js';
import { READ_ONLY } from './slots.js';
import type { Intent } from './types.js';

export interface Classification {
  intent: Intent;
  /** The winning cue's weight after adjustments, 0..1. */
  score: number;
  /** The best score among the other intents. */
  runnerUp: number;
  runnerUpIntent?: Intent;
  /** The raw weight of the strongest cue, before context adjustments. */
  cue: number;
  /** Set when the learned classifier, not a rule, read the intent. */
  learned?: true;
}

/** Intents that are about the bot itself; they need no sales vocabulary to be trusted. */
const CONVERSATIONAL = new Set<Intent>(['help', 'undo', 'cancel']);

/** Cues below this never decide an intent on their own. */
export const MIN_SCORE = 0.42;
/** A cue this strong is trusted even in a message with no sales vocabulary ("remind me to ..."). */
const STRONG_CUE = 0.9;

function rawScores(masked: string, lex: CompiledLexicon): Map<Intent, { best: number; hits: number }> {
  const scores = new Map<Intent, { best: number; hits: number }>();
  for (const p of lex.intentIndex.matching(masked)) {
    const s = scores.get(p.intent) ?? { best: 0, hits: 0 };
    s.best = Math.max(s.best, p.w);
    s.hits++;
    scores.set(p.intent, s);
  }
  return scores;
}

function adjust(
  intent: Intent,
  raw: { best: number; hits: number },
  flags: { anchored: boolean; offTopic: boolean },
): number {
  let score = raw.best + Math.min(0.04, 0.02 * (raw.hits - 1));
  if (!CONVERSATIONAL.has(intent)) {
    // Weak cues ("need to", "goal") only count in a message about sales work.
    if (flags.anchored) score += raw.best < 0.8 ? 0.1 : 0.02;
    // Without one, only a strong, specific cue stands: "order a pizza" is not a task of ours.
    else score -= raw.best < 0.8 ? 0.12 : raw.best < STRONG_CUE ? 0.36 : 0.04;
    // Off-topic words sink a vague cue; an explicit "remind me to ..." still asks for one of ours.
    if (flags.offTopic) score -= raw.best < STRONG_CUE ? 0.45 : 0.1;
  }
  return Math.max(0, Math.min(0.99, score));
}

/**
 * Score every intent against one masked clause by the lexicon's patterns and keep the best; a clause
 * that opens with a preamble ("urgent:", "fyi", "private task for me -") is read without it too.
 */
export function classifyByRules(masked: string, lex: CompiledLexicon): Classification {
  const full = classifyClause(masked, lex);
  const body = withoutPreamble(masked, lex);
  if (body === masked || body.trim().length === 0) return full;
  // ("share that one w/ xusr too": who may see it was all the clause said.)
  const onlyFiller = !/\p{L}/u.test(body.replace(lex.detailFiller, ''));
  if (onlyFiller && clauseAudience(masked, lex)) return full;
  // The preamble is not the command ("low pri: dedupe the Globex contacts" is a new task, not a
  // priority change): the clause without it decides when it reads as a command of its own.
  const bare = classifyClause(body, lex);
  const head = masked.slice(0, masked.length - body.length);
  const announced = announcedTask(head, body, bare, lex);
  if (announced) return announced;
  // ("task to review xusr's deals": the opener read as a preamble is what makes the rest a task's words.)
  if (TASK_WORK.has(full.intent) && READ_ONLY.has(bare.intent) && lex.workOpener.test(masked)) return full;
  if (bare.score > full.score || (bare.intent !== 'unknown' && bare.score >= 0.6)) return bare;
  // A reading the preamble alone makes ("low priority" as a priority change) is no reading of the clause,
  // except a note's ("fyi: Initech's CFO is leaving"): announcing a note is what logs it.
  const read = classifyClause(head, lex);
  const fromHead = read.intent === full.intent && read.cue >= full.cue && full.intent !== 'log_interaction';
  return fromHead ? bare : full;
}

/** A clause without what is said of it before its command: "urgent:", "keep between me n xusr:". */
function withoutPreamble(masked: string, lex: CompiledLexicon): string {
  const body = masked.replace(lex.preamble, '');
  const seen = clauseAudience(body, lex);
  if (!seen || /\w/.test(body.slice(0, seen.said.start))) return body;
  return withoutAudience(body, seen.said).replace(lex.preamble, '');
}

/** The clause with who may see the task cut out of it. */
function withoutAudience(masked: string, said: { start: number; end: number }): string {
  return `${masked.slice(0, said.start)} ${masked.slice(said.end)}`
    .replace(/^[\s:;,.\u2013\u2014-]+/, '')
    .trim();
}

/** What a clause announced as a task may be besides a new one: a reminder, a change to one, its completion. */
const TASK_WORK = new Set<Intent>(['create_task', 'set_reminder', 'update_task', 'complete_task']);

/**
 * "team task: update forecast fields in the CRM": what a preamble (`head`) announces as a task is one,
 * unless the clause after it (`body`, read as `c`) is task work already or asks something.
 */
export function announcedTask<C extends Classification>(
  head: string,
  body: string,
  c: C,
  lex: CompiledLexicon,
): C | undefined {
  // (An opener of work only overrules a question its words would ask: "note to self: acme wants a discount" notes.)
  // (Who may see it, said first, is said only of a task: "i want this to be visible to the team: demo ...".)
  const announces =
    lex.taskAnnounced.test(head) ||
    (lex.workOpener.test(head) && READ_ONLY.has(c.intent) && c.intent !== 'unknown') ||
    // ("everyone should be able to see this one: update all closed-won amounts": a change of a record said
    // after whom it is for is the task of making it.)
    (!READ_ONLY.has(c.intent) &&
      onlyAudience(head, lex) &&
      !lex.noteLead.test(body) &&
      (c.intent === 'log_interaction' || !lex.statedOpener.test(body)));
  if (!announces || TASK_WORK.has(c.intent) || lex.questionOpener.test(body)) return undefined;
  return { ...c, intent: 'create_task', score: Math.max(c.score, 0.85), cue: Math.max(c.cue, 0.85) };
}

/** Whether `head` says who may see something and nothing else ("i want this to be visible to the team:"). */
function onlyAudience(head: string, lex: CompiledLexicon): boolean {
  const seen = clauseAudience(head, lex);
  return seen !== undefined && !/\w/.test(withoutAudience(head, seen.said));
}

/** How sure a change of who may see a named task is, said in words of one's own (`entities/audience.ts`). */
const AUDIENCE_CHANGE = 0.88;

/**
 * "the hooli redlines task should be open to the whole team now", "adjust the visibility of my notes task:
 * xusr and xusr should have access": a task the clause names, and who may see it, with nothing new made.
 */
function changesAudience(masked: string, raw: Map<Intent, { best: number }>, lex: CompiledLexicon): boolean {
  // ("should" alone is a weak cue of a new task; "new task", "add a task" are strong ones.)
  if ((raw.get('create_task')?.best ?? 0) >= 0.8 || !lex.namesExistingTask.test(masked)) return false;
  // "create private task: ..." announces a new one; "is my nda task still shared w the team?" asks.
  // ("the stark proposal task - anyone on the team should see it" names one: a determiner points at it.)
  const pointsAtOne = lex.audience.determiners.has(/^\W*([\w']+)/.exec(masked)?.[1] ?? '');
  if ((lex.taskAnnounced.test(masked) && !pointsAtOne) || asked(masked, lex)) return false;
  return lex.visibilities.some(([, re]) => re.test(masked)) || clauseAudience(masked, lex) !== undefined;
}

/** A clause that asks in so many words (the parser's `isQuestion` decides later, on the whole text). */
const asked = (masked: string, lex: CompiledLexicon): boolean =>
  masked.includes('?') || lex.questionOpener.test(masked);

function classifyClause(masked: string, lex: CompiledLexicon): Classification {
  const raw = rawScores(masked, lex);
  // (Who may see a task is a task's own word: "hide it" needs no sales word beside it.)
  const audienceChange = changesAudience(masked, raw, lex);
  if (audienceChange) {
    const update = raw.get('update_task') ?? { best: 0, hits: 0 };
    raw.set('update_task', { best: Math.max(update.best, AUDIENCE_CHANGE), hits: update.hits + 1 });
  }
  const flags = {
    anchored: audienceChange || lex.anchors.test(masked) || /\bx(?:past)?date\b/.test(masked),
    offTopic: lex.offTopic.test(masked),
  };
  let best: Classification = { intent: 'unknown', score: 0, runnerUp: 0, cue: 0 };
  const ranked = [...raw.entries()]
    .map(([intent, r]) => ({ intent, score: adjust(intent, r, flags), cue: r.best }))
    // Write-safety: where a change and a question score alike ("all qualified opps"), the question wins.
    .sort((a, b) => b.score - a.score || Number(READ_ONLY.has(b.intent)) - Number(READ_ONLY.has(a.intent)));
  const first = ranked[0];
  // "task to review xusr's pipeline by fri": the work asked for, not the question its words would make alone.
  if (first && READ_ONLY.has(first.intent) && lex.workOpener.test(masked) && !asked(masked, lex)) {
    const work = ranked.find((r) => TASK_WORK.has(r.intent)) ?? { intent: 'create_task' as const, cue: 0.85 };
    ranked.unshift({ intent: work.intent, score: Math.max(first.score, 0.85), cue: work.cue });
  }
  const top = ranked[0];
  if (top && top.score >= MIN_SCORE) {
    const second = ranked[1];
    best = { intent: top.intent, score: top.score, runnerUp: second?.score ?? 0, cue: top.cue };
    if (second) best.runnerUpIntent = second.intent;
  } else if (top) {
    best = { intent: 'unknown', score: 0, runnerUp: top.score, cue: top.cue };
  }
  return best;
}

/** Confidence for a classification: the score, lowered when another intent came close. */
export function confidenceOf(c: Classification): number {
  if (c.intent === 'unknown') return Math.round(Math.max(0.5, 1 - c.runnerUp) * 100) / 100;
  const margin = c.score - c.runnerUp;
  const penalty = margin < 0.05 ? 0.2 : margin < 0.12 ? 0.1 : 0;
  return Math.round(Math.max(0.05, c.score - penalty) * 100) / 100;
}

/** A rule cue this strong decides on its own; below it, the learned classifier is heard. */
const RULES_DECIDE = 0.75;
/** The learned classifier's least probability to be heard at all. */
const LEARNED_HEARD = 0.6;
/** ... and to be trusted in a clause with no sales vocabulary. */
const LEARNED_ALONE = 0.99;

/** Sales vocabulary or a record we know (a date alone does not make "what's on tonight" ours). */
export function aboutSales(masked: string, lex: CompiledLexicon): boolean {
  return lex.anchors.test(masked) || /\bx(?:cust|pers|opp|usr|money|stage)\b/.test(masked);
}

/** Eight training orders, their models averaged: steadier than any one (see `IntentModel.train`). */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const models = new WeakMap<CompiledLexicon, IntentModel | null>();

/**
 * The lexicon's learned classifier, trained on first use or read from the cache of a process before (null
 * while it trains: the rules segment its examples).
 */
function learnedFor(lex: CompiledLexicon): IntentModel | null {
  let model = models.get(lex);
  if (model === undefined) {
    models.set(lex, null);
    model = cachedModel(modelKey(lex.source), () =>
      IntentModel.train(trainingExamples(lex, classifyByRules), { seeds: SEEDS }),
    );
    models.set(lex, model);
  }
  return model;
}

/** Trains the learned classifier now rather than on the first message (a service warms it at start). */
export function warmUp(lex: CompiledLexicon): void {
  learnedFor(lex);
}

/**
 * The rules and the learned classifier together, by one rule:
 * - a strong rule cue (score >= 0.75) decides;
 * - where the classifier agrees with the rules, the rules' score stands, raised toward its probability;
 * - where the rules are unsure or silent, the classifier decides when it is fairly sure (p >= 0.6) and the
 *   clause is about sales work (sales words or a known record; otherwise only when it is very sure,
 *   p >= 0.99),
 *   never in an off-topic clause, at a score of 0.42 + 0.36 p (0.64 to 0.78): an intent read this way
 *   is one the assistant confirms before it changes anything (`Command.confirm`). It reads a clause
 *   that stands alone or opens a message; it never splits a message into more commands than the rules
 *   found (`clauses.ts`): a clause the rules cannot read after a command is more detail for it.
 */
export function classify(masked: string, lex: CompiledLexicon): Classification {
  const rules = classifyByRules(masked, lex);
  if (rules.intent !== 'unknown' && rules.score >= RULES_DECIDE) return rules;
  const model = learnedFor(lex);
  if (!model) return rules;
  // One word ("actually", "cheers") is too little to read a command from.
  if (masked.split(' ').length < 2) return rules;
  // Who may see it says nothing of what to do: "visible to xusr only: rework the xcust discount structure".
  const seen = clauseAudience(masked, lex);
  const read = seen ? withoutAudience(masked, seen.said) : masked;
  const [top, second] = model.rank(read);
  if (!top || top.label === 'unknown' || top.probability < LEARNED_HEARD) return rules;
  const intent = top.label as Intent;
  if (lex.offTopic.test(masked)) return rules;
  // "they want a pilot": a wish of the customer's is what a note says, not work of ours to track.
  if (intent === 'create_task' && lex.customerWish.test(masked)) return rules;
  // "cyberdyne moved the demo to fri": what they moved is no task of ours to change.
  if (intent === 'update_task' && lex.customerMoved.test(masked)) return rules;
  if (!aboutSales(masked, lex) && top.probability < LEARNED_ALONE) return rules;
  // ("oops forgot - the xcust follow up i just added": a clause about our records that no rule reads as an undo,
  // a cancel or a call for help is none.)
  if (CONVERSATIONAL.has(intent) && rules.intent !== intent && /\bx(?:cust|pers|opp)\b/.test(masked))
    return rules;
  if (intent === rules.intent) {
    const score = 0.42 + 0.36 * top.probability;
    return score > rules.score ? { ...rules, score, learned: true } : rules;
  }
  // The rules found a cue of their own: they were written for it, and a second opinion does not overturn them.
  if (rules.intent !== 'unknown') return rules;
  const runnerUp = Math.max(rules.score, 0.42 + 0.36 * (second?.probability ?? 0));
  return {
    intent,
    score: 0.42 + 0.36 * top.probability,
    runnerUp,
    runnerUpIntent: rules.intent,
    cue: rules.cue,
    learned: true,
  };
}

/** The question the learned classifier ranks highest for a clause that asks, if it ranks one at p >= 0.3. */
export function askedIntent(masked: string, lex: CompiledLexicon): Intent | undefined {
  const question = learnedFor(lex)
    ?.rank(masked)
    .find((ranked) => ranked.label !== 'unknown' && READ_ONLY.has(ranked.label as Intent));
  return question && question.probability >= 0.3 ? (question.label as Intent) : undefined;
}
