import type { CompiledLexicon } from './lexicon/index.js';
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
}

/** Intents that are about the bot itself; they need no sales vocabulary to be trusted. */
const CONVERSATIONAL = new Set<Intent>(['help', 'undo', 'cancel']);

/** Cues below this never decide an intent on their own. */
export const MIN_SCORE = 0.42;
/** A cue this strong is trusted even in a message with no sales vocabulary ("remind me to ..."). */
const STRONG_CUE = 0.9;

function rawScores(masked: string, lex: CompiledLexicon): Map<Intent, { best: number; hits: number }> {
  const scores = new Map<Intent, { best: number; hits: number }>();
  for (const p of lex.intents) {
    if (!p.re.test(masked)) continue;
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

/** Score every intent against one masked clause and keep the best. */
export function classify(masked: string, lex: CompiledLexicon): Classification {
  const raw = rawScores(masked, lex);
  const flags = {
    anchored: lex.anchors.test(masked) || /\bx(?:past)?date\b/.test(masked),
    offTopic: lex.offTopic.test(masked),
  };
  let best: Classification = { intent: 'unknown', score: 0, runnerUp: 0, cue: 0 };
  const ranked = [...raw.entries()]
    .map(([intent, r]) => ({ intent, score: adjust(intent, r, flags), cue: r.best }))
    .sort((a, b) => b.score - a.score);
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
