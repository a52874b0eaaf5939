import type { CompiledLexicon } from './lexicon/index.js';

/** Emoji and their `:shortcode:` forms, which stand between a clause and its question mark ("won 🎉?"). */
const EMOJI = /:[a-z0-9_+-]{1,40}:|\p{Extended_Pictographic}|\uFE0F|\u200D|\p{Emoji_Modifier}/gu;

/**
 * Whether `clause` asks rather than tells, `after` being the text that follows it: it opens like a
 * question, or a question mark closes it, and it is not a polite command ("can you log a call with
 * Jane?"). The one test of a question, for the parser's clauses and for whole commands.
 */
export function isQuestion(clause: string, after: string, lex: CompiledLexicon): boolean {
  // ("when you get a sec, could you create a task ...": the courtesy before the request does not make it ask.)
  // ("the Initech call prep — can we make that visible to the team?", "I'd rather the Nakatomi escalation not be
  // visible to the team. Can we lock it to me?": the request after a dash or a full stop is the clause's.)
  if (lex.politeRequest.test(clause) || lex.politeRequest.test(clause.replace(lex.preamble, '')))
    return false;
  const request = clause.split(/\s[-\u2013\u2014]\s|[.!]\s+/).at(-1) ?? clause;
  if (request !== clause && lex.politeRequest.test(request)) return false;
  // "quick one: is the wonka deal gonna land": a preamble before the question does not hide it.
  if (lex.questionOpener.test(clause) || lex.questionOpener.test(clause.replace(lex.preamble, '')))
    return true;
  return /^[\s)"'\]]*\?/.test(after.replace(EMOJI, '')) || /\?[\s)"'\]]*$/.test(clause);
}
