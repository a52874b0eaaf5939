import { groupCommands, type CommandGroup } from './clauses.js';
import { resolveContext, type ResolvedContext } from './context.js';
import { extractEntities, type Extraction } from './extract.js';
import { confidenceOf } from './intents.js';
import { english, type CompiledLexicon } from './lexicon/index.js';
import { INHERITS_CUSTOMER } from './slots.js';
import { findSpans } from './spans.js';
import { normalize, type NormalizedMessage } from './text/normalize.js';
import { originalSpan } from './text/rewrite.js';
import type { Command, Entities, EntityName, Intent, ParseContext, ParseResult } from './types.js';

interface Built {
  command: Command;
  extraction: Extraction;
}

function missingFor(
  intent: Intent,
  e: Entities,
  assignRequested: boolean,
  lex: CompiledLexicon,
): EntityName[] {
  const required = lex.source.required[intent] ?? [];
  const missing = required.filter((name) => {
    if (e[name] !== undefined) return false;
    if (name === 'customer' && e.contact !== undefined) return false;
    if (name === 'opportunity' && e.customer !== undefined) return false;
    return true;
  });
  if (assignRequested && e.assignee === undefined && (intent === 'create_task' || intent === 'update_task')) {
    missing.push('assignee');
  }
  return missing;
}

function build(
  group: CommandGroup,
  msg: NormalizedMessage,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  spans: ReturnType<typeof findSpans>,
): Built {
  const intent = group.classification.intent;
  const extraction = extractEntities({
    msg,
    spans,
    ctx,
    lex,
    intent,
    start: group.start,
    end: group.end,
    main: group.main,
  });
  const body = msg.text.slice(group.start, group.end);
  const assignRequested = /\b(?:assign|delegate|reassign)\b/i.test(body);
  const missing = missingFor(intent, extraction.entities, assignRequested, lex);
  const confidence = Math.max(0.05, confidenceOf(group.classification) - 0.04 * missing.length);
  const command: Command = {
    intent,
    confidence: Math.round(confidence * 100) / 100,
    entities: extraction.entities,
    missing,
    span: originalSpan(msg, group.start, group.end),
  };
  return { command, extraction };
}

function inherit(built: Built[], lex: CompiledLexicon): void {
  let customer: string | undefined;
  for (const { command, extraction } of built) {
    const e = command.entities;
    if (
      e.customer === undefined &&
      e.opportunity === undefined &&
      customer &&
      INHERITS_CUSTOMER.has(command.intent)
    ) {
      e.customer = customer;
      command.missing = missingFor(command.intent, e, false, lex).filter((m) => command.missing.includes(m));
    }
    customer = e.customer ?? extraction.mentionedCustomer ?? customer;
    if (Object.keys(extraction.alternatives).length > 0) command.alternatives = extraction.alternatives;
  }
}

function parseWith(text: string, context: ParseContext | undefined, lex: CompiledLexicon): ParseResult {
  const ctx = resolveContext(context);
  const msg = normalize(text, lex, ctx.users);
  if (msg.text.trim().length === 0) {
    return {
      commands: [{ intent: 'unknown', confidence: 1, entities: {}, missing: [], span: [0, text.length] }],
    };
  }
  const spans = findSpans(msg, ctx, lex);
  const built = groupCommands(msg.text, spans, lex).map((g) => build(g, msg, ctx, lex, spans));
  inherit(built, lex);
  return { commands: built.map((b) => b.command) };
}

/** Turn one chat message into the commands it carries, in the order it says them. Never throws. */
export function parse(text: string, context?: ParseContext): ParseResult {
  const input = typeof text === 'string' ? text : '';
  try {
    return parseWith(input, context, english);
  } catch {
    // A parser bug must not take the bot down: the message reads as not understood instead.
    return {
      commands: [{ intent: 'unknown', confidence: 0, entities: {}, missing: [], span: [0, input.length] }],
    };
  }
}
