import nlp from 'compromise';
import { earliest } from './entities/vocab.js';
import { groupCommands, listedRecords, type CommandGroup, type Piece } from './clauses.js';
import { resolveContext, type ResolvedContext } from './context.js';
import { extractEntities, type Extraction } from './extract.js';
import { aboutSales, askedIntent, confidenceOf, warmUp as warmUpLexicon } from './intents.js';
import { english, type CompiledLexicon } from './lexicon/index.js';
import { ASKED, INHERITS_CUSTOMER, READ_ONLY, SLOTS } from './slots.js';
import { foldName } from './entities/fuzzy.js';
import type { NameMatch } from './entities/known.js';
import { clauseAudience, readAudience } from './entities/audience.js';
import { findSpans, maskRange, nameKind, onlySharedWith, type MessageSpans } from './spans.js';
import { isQuestion } from './questions.js';
import { normalize, type EmojiSentiment, type NormalizedMessage } from './text/normalize.js';
import { originalSpan } from './text/rewrite.js';
import { addDays, endOfMonth } from './time/calendar.js';
import { formatDate, toLocal } from './time/zone.js';
import type {
  Command,
  Entities,
  EntityName,
  Intent,
  InteractionType,
  Metric,
  Outcome,
  ParseContext,
  ParseResult,
} from './types.js';

interface Built {
  group: CommandGroup;
  command: Command;
  extraction: Extraction;
  /** The clause that decided the intent, masked as the classifiers read it. */
  masked: string;
  /** An interaction named with a date ahead ("mtg tmrw w/ soylent"): a task to do, or context for the rest. */
  planned?: boolean;
}

/** "call w/ bob tomorrow at 3": an interaction by its noun alone, dated ahead, has not happened yet. */
function planned(group: CommandGroup, masked: string, spans: MessageSpans, lex: CompiledLexicon): boolean {
  return (
    group.classification.intent === 'log_interaction' &&
    lex.plannedInteraction.test(masked) &&
    spans.dates.some(
      (d) => d.start >= group.main.start && d.end <= group.main.end && d.explicitFuture && !d.past,
    )
  );
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

/**
 * An intent its own entities show to be another: "that acme pricing task is 100% done" is done; "lena's
 * progres on her calls goal this week", a goal with no target that nobody sets, is asked about.
 */
function readAgainAs(
  intent: Intent,
  e: Entities,
  body: string,
  masked: string,
  lex: CompiledLexicon,
): Intent | undefined {
  if (intent === 'update_task' && e.progress === 100) return 'complete_task';
  // ("..., and same for chris" sets the goal before for Chris: `inherit` fills it in.)
  const again = lex.sameAgain.test(masked);
  if (intent === 'set_goal' && e.target === undefined && !lex.goalSetting.test(body) && !again)
    return 'query_goals';
  return undefined;
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
    emoji: outcomeOf(group.emoji),
  });
  const body = msg.text.slice(group.start, group.end);
  const masked = maskRange(msg.text, spans, group.main);
  if (planned(group, masked, spans, lex)) {
    const classification = { ...group.classification, intent: 'create_task' as const };
    return { ...build({ ...group, classification }, msg, ctx, lex, spans), planned: true };
  }
  const readAs = readAgainAs(intent, extraction.entities, body, masked, lex);
  if (readAs) {
    const classification = { ...group.classification, intent: readAs };
    return build({ ...group, classification }, msg, ctx, lex, spans);
  }
  const assignRequested = lex.assignRequest.test(body);
  const missing = missingFor(intent, extraction.entities, assignRequested, lex);
  const confidence = Math.max(0.05, confidenceOf(group.classification) - 0.04 * missing.length);
  const command: Command = {
    intent,
    confidence: Math.round(confidence * 100) / 100,
    entities: extraction.entities,
    missing,
    span: originalSpan(msg, group.start, group.end),
  };
  return { group, command, extraction, masked };
}

/** What a verb says of every record in its list ("moved Acme and Globex to negotiation": the stage). */
const SHARED: EntityName[] = [
  'assignee',
  'category',
  'priority',
  'visibility',
  'interactionType',
  'outcome',
  'occurredAt',
  'durationMinutes',
  'summary',
  'stage',
  'amount',
  'closeDate',
  'dueDate',
  'status',
  'priority',
  'progress',
];

/** A group's command, or one command per record when its verb speaks of a list of them (`listedRecords`). */
function buildEach(
  group: CommandGroup,
  msg: NormalizedMessage,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  spans: ReturnType<typeof findSpans>,
): Built[] {
  const pieces = listedRecords(msg.text, spans, group, lex);
  if (!pieces) return [build(group, msg, ctx, lex, spans)];
  // "recap: 👍 pied piper (call), 👎 nakatomi (demo)": the group's emoji go to the records they stand by.
  const emoji = shareEmoji(pieces, group.emoji ?? [], msg);
  const parts = pieces.map((piece, i) => {
    const main = { start: Math.max(piece.start, group.main.start), end: Math.min(piece.end, group.main.end) };
    const own = { ...group, ...piece, main: main.start < main.end ? main : piece, emoji: emoji[i] };
    return build(own, msg, ctx, lex, spans);
  });
  // "tom at pied piper 👍, aisha at wonka 👎, dan at soylent - no answer": outcomes that differ are each record's own.
  const outcomes = new Set(parts.map((p) => p.command.entities.outcome).filter((o) => o !== undefined));
  for (const part of parts) {
    const e = part.command.entities as Record<EntityName, unknown>;
    for (const name of SHARED) {
      if (e[name] !== undefined || !SLOTS[part.command.intent].includes(name)) continue;
      if (name === 'outcome' && outcomes.size > 1) continue;
      const given = parts.find((other) => other.command.entities[name] !== undefined)?.command.entities[name];
      if (given !== undefined) e[name] = given;
    }
    part.command.missing = part.command.missing.filter((name) => e[name] === undefined);
  }
  if (TITLED.has(group.classification.intent)) titleEach(parts, pieces, msg.text, spans);
  return parts;
}

const TITLED = new Set<Intent>(['create_task', 'update_task', 'complete_task']);

/**
 * "f/u w/ olga, fatima and marcus": each task after the first is named by the first one's words with its
 * own record in place of the first's ("f/u w/ fatima"), when all it says of itself is the record. "the
 * wayne and nakatomi proposals": each task before the last, named by its record alone, by the last one's.
 */
function titleEach(
  parts: Built[],
  pieces: Piece[],
  text: string,
  spans: MessageSpans,
  backOnly = false,
): void {
  const recordIn = (piece: Piece): NameMatch | undefined =>
    spans.names
      .filter((n) => n.start >= piece.start && n.end <= piece.end && nameKind(n, text) !== 'user')
      .at(-1);
  const firstTitle = parts[0]?.command.entities.title;
  const firstRecord = recordIn(pieces[0]!);
  const onlyRecord = firstTitle?.toLowerCase() === firstRecord?.text.toLowerCase();
  if (backOnly && !onlyRecord) return;
  const model = onlyRecord ? parts.length - 1 : 0;
  const title = parts[model]?.command.entities.title;
  const record = recordIn(pieces[model]!);
  if (!title || !record) return;
  const at = title.toLowerCase().lastIndexOf(record.text.toLowerCase());
  if (at < 0) return;
  // "the wayne and nakatomi proposals": the noun the records share is plural for them all, one each.
  const shared = onlyRecord
    ? singularTail(title.slice(at + record.text.length))
    : title.slice(at + record.text.length);
  parts.forEach((part, i) => {
    const own = part.command.entities.title;
    if (i === model && onlyRecord)
      part.command.entities.title = title.slice(0, at + record.text.length) + shared;
    if (i === model || !own || own.toLowerCase() !== recordIn(pieces[i]!)?.text.toLowerCase()) return;
    part.command.entities.title = title.slice(0, at) + own + shared;
  });
}

/** The words after a record with their last noun made singular ("proposals" -> "proposal"). */
function singularTail(tail: string): string {
  const last = /(\p{L}+)(\W*)$/u.exec(tail);
  if (!last) return tail;
  const one = nlp(last[1]!).nouns().toSingular().text();
  return one && one.toLowerCase() !== last[1]!.toLowerCase()
    ? tail.slice(0, last.index) + one + last[2]
    : tail;
}

/**
 * "chris → cyberdyne renewal prep, raj → tyrell expansion prep, both due end of month, high pri": the details
 * the last clause says of all of them go to every command of its kind that does not say its own.
 */
function shareTailDetails(built: Built[], text: string, spans: MessageSpans, lex: CompiledLexicon): void {
  for (const owner of built) {
    const tail = owner.group.sharedTail;
    if (!tail) continue;
    const said = (name: EntityName): boolean => {
      const words = text.slice(tail.start, tail.end);
      if (name === 'dueDate') return spans.dates.some((d) => d.start >= tail.start && d.end <= tail.end);
      const list = name === 'priority' ? lex.priorities : lex.visibilities;
      // ("both by tmrw noon, team can see both": who may see them, said in words of the writer's own.)
      const audience =
        name === 'visibility' && clauseAudience(maskRange(text, spans, tail), lex) !== undefined;
      return audience || list.some(([, re]) => re.test(`, ${words}`));
    };
    const e = owner.command.entities as Record<EntityName, unknown>;
    for (const name of ['dueDate', 'priority', 'visibility'] as const) {
      if (e[name] === undefined || !said(name)) continue;
      for (const other of built) {
        const o = other.command.entities as Record<EntityName, unknown>;
        if (other !== owner && other.command.intent === owner.command.intent && o[name] === undefined) {
          o[name] = e[name];
          other.command.missing = other.command.missing.filter((m) => m !== name);
        }
      }
    }
  }
}

/** "finished the wayne and nakatomi proposals", read as two clauses: a task named by its record alone takes the next one's words. */
function titlesAcrossClauses(built: Built[], text: string, spans: MessageSpans): void {
  for (let i = built.length - 2; i >= 0; i--) {
    const [a, b] = [built[i]!, built[i + 1]!];
    if (a.group === b.group || a.command.intent !== b.command.intent || !TITLED.has(a.command.intent))
      continue;
    if (ONLY_LIST_MARK.test(text.slice(a.group.end, b.group.start)))
      titleEach([a, b], [a.group, b.group], text, spans, true);
  }
}

/** The colleague a message opens by addressing with a task ("Raj - 2 things: 1) ... 2) ..."), if it does. */
function addressedColleague(
  built: Built[],
  spans: MessageSpans,
  text: string,
  lex: CompiledLexicon,
): string | undefined {
  const first = built[0]?.group;
  if (!first || first.main.start <= first.start || built[0]!.command.intent !== 'create_task')
    return undefined;
  // ("share with raj: ..." names whom the task is shared with, not whom it is for.)
  const name = spans.names.find(
    (n) =>
      n.start >= first.start &&
      n.end <= first.main.start &&
      nameKind(n, text) === 'user' &&
      !onlySharedWith(text, n, lex, { before: 24, after: 0 }),
  );
  return name?.candidates.find((candidate) => candidate.kind === 'user')?.id;
}

/**
 * Commands one message may give each of several colleagues: a goal, a task or a reminder for a list of them
 * ("raj + chris: clean up your stale opps", "lena, sam: 100 calls each"); a question only when it says
 * "each" ("how many calls did raj and lena each make").
 */
const EACH_COLLEAGUE = new Set<Intent>(['set_goal', 'create_task', 'set_reminder']);
const EACH_ASKED = new Set<Intent>(['query_performance', 'query_tasks', 'query_pipeline', 'query_goals']);

/** Colleagues named one after another with only list marks between them ("raj + chris", "<@U1> <@U2>"). */
const ONLY_LIST_MARK = /^\s*(?:,|and|&|\+|\/)?\s*$/i;

/** One command per colleague when a command is for several of them at once. */
function perColleague(built: Built, text: string, spans: MessageSpans, lex: CompiledLexicon): Built[] {
  const { group, command } = built;
  const each = lex.eachCue.test(text.slice(group.start, group.end));
  if (!EACH_COLLEAGUE.has(command.intent) && !(each && EACH_ASKED.has(command.intent))) return [built];
  // "share with raj and lena: ...": colleagues it is shared with are no assignees (`enablesColleague`).
  if (command.entities.assignee === undefined) return [built];
  const mentioned = spans.names.filter(
    (n) => n.start >= group.start && n.end <= group.end && nameKind(n, text) === 'user',
  );
  if (mentioned.length < 2) return [built];
  // ("..., please share this task with <at>Chris</at> as well": whom it is shared with only sees it.)
  const viewers = readAudience(text, group, spans.names, lex)?.viewers ?? [];
  const named = mentioned.filter((n) => !viewers.some((v) => v.start === n.start));
  // Without "each", only colleagues listed together get it: "ask lena to brief raj" is Lena's task.
  const listed = named.every(
    (n, i) => i === 0 || ONLY_LIST_MARK.test(text.slice(named[i - 1]!.end, n.start)),
  );
  if (!each && !listed) return [built];
  const ids = named
    .map((n) => n.candidates.find((candidate) => candidate.kind === 'user')?.id)
    .filter((id): id is string => id !== undefined);
  const colleagues = [...new Set(ids)];
  if (colleagues.length < 2) return [built];
  return colleagues.map((assignee) => ({
    ...built,
    command: { ...command, entities: { ...command.entities, assignee }, missing: [...command.missing] },
  }));
}

/**
 * The one deal of `customer` that `text` names by the last word of its own name, its head noun ("bump the
 * renewal to 45k" after Acme: Acme Renewal 2025; "the suite", not "the security questionnaire", is Stark
 * Security Suite), if exactly one does.
 */
function dealNamedIn(
  text: string,
  customer: string,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
): string | undefined {
  const said = new Set(foldName(text).split(' '));
  const own = new Set(foldName(customer).split(' '));
  const fits = ctx.opportunities.filter((deal) => {
    const folded = foldName(deal);
    if (ctx.dealCustomers.get(folded) !== customer) return false;
    const head = folded
      .split(' ')
      .filter((w) => w.length >= 4 && !own.has(w) && !/\d/.test(w) && !lex.dealWord.test(w))
      .pop();
    return head !== undefined && said.has(head);
  });
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * Commands about one deal, which may name it by its head noun once their customer is known (a task's "pilot
 * scope doc" is a piece of work, not the pilot).
 */
const NAMES_A_DEAL = new Set<Intent>(['update_opportunity', 'query_opportunity']);

/** The kind of interaction a metric counts. */
const KIND_COUNTED: Partial<Record<Metric, InteractionType>> = {
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  demos: 'demo',
};

/** A title said before, for the customer another clause names: the name as written there in place of the first. */
function retitled(
  title: string,
  before: CommandGroup,
  group: CommandGroup,
  spans: MessageSpans,
  text: string,
): string {
  const customerIn = (g: CommandGroup) =>
    spans.names.find(
      (n) => n.start >= g.start && n.end <= g.end && n.candidates.some((c) => c.kind === 'customer'),
    );
  const [was, now] = [customerIn(before), customerIn(group)];
  if (!was || !now) return title;
  const written = text.slice(was.start, was.end);
  const at = title.toLowerCase().indexOf(written.toLowerCase());
  return at < 0
    ? title
    : `${title.slice(0, at)}${text.slice(now.start, now.end)}${title.slice(at + written.length)}`;
}

function inherit(
  built: Built[],
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  text: string,
  spans: MessageSpans,
  addressed?: string,
): void {
  // "lena 10 demos, raj 10 demos, chris 8 demos, all for april": goals before the one naming the period share it.
  for (let i = built.length - 2; i >= 0; i--) {
    const [goal, next] = [built[i]!.command, built[i + 1]!.command];
    if (goal.intent !== 'set_goal' || next.intent !== 'set_goal' || goal.entities.period) continue;
    goal.entities.period = next.entities.period;
    goal.missing = goal.missing.filter((name) => name !== 'period' || !goal.entities.period);
  }
  let customer: string | undefined;
  let deal: { opportunity: string; customer?: string | undefined } | undefined;
  // The last person named, when a colleague: "raj's pipeline + how's he tracking to quota".
  let colleague: string | undefined;
  for (const [index, { command, extraction, group, masked }] of built.entries()) {
    const e = command.entities;
    const body = text.slice(group.start, group.end);
    // "set me a goal of 250k revenue q2 and same for chris": what the command before says, for another.
    const before = built[index - 1]?.command;
    // "my goals this month: 60 calls, 15 demos": a goal after a goal is over the same period.
    if (command.intent === 'set_goal' && before?.intent === 'set_goal' && e.period === undefined)
      e.period = before.entities.period;
    if (before?.intent === command.intent && lex.sameAgain.test(masked)) {
      const mine = e as Record<EntityName, unknown>;
      // "send acme the case study, and for globex too": the same work for another account, whose people it keeps.
      const otherAccount = e.customer !== undefined && e.customer !== before.entities.customer;
      if (otherAccount && before.entities.title !== undefined && lex.onlyAgain.test(masked))
        e.title = retitled(before.entities.title, built[index - 1]!.group, group, spans, text);
      // ("move the acme renewal to negotiation and the globex pilot too": another deal is another account's.)
      const otherDeal = e.opportunity !== undefined && e.opportunity !== before.entities.opportunity;
      const theirs = new Set<EntityName>(['assignee', ...(otherAccount ? ['contact' as const] : [])]);
      if (otherDeal) theirs.add('customer');
      for (const [name, value] of Object.entries(before.entities) as [EntityName, unknown][])
        if (mine[name] === undefined && !theirs.has(name)) mine[name] = value;
      command.missing = command.missing.filter((name) => mine[name] === undefined);
    }
    // "how many emails did i send last week? log one to jane": the one logged is of the kind said before.
    if (command.intent === 'log_interaction' && !e.interactionType && before && lex.oneMore.test(masked)) {
      const said = built[index - 1]!.group;
      const kind =
        before.entities.interactionType ??
        KIND_COUNTED[before.entities.metric ?? 'revenue'] ??
        earliest(lex.interactionTypes, text.slice(said.start, said.end).toLowerCase());
      if (kind) e.interactionType = kind;
      command.missing = command.missing.filter((name) => name !== 'interactionType');
    }
    // "<at>Sam Rivera</at>, please send Marcus the whitepaper by the same date": the date of the command before.
    if (SLOTS[command.intent].includes('dueDate') && e.dueDate === undefined && lex.sameDate.test(body)) {
      const date = before?.entities.dueDate ?? before?.entities.remindAt?.slice(0, 10);
      if (date) {
        e.dueDate = date;
        command.missing = command.missing.filter((name) => name !== 'dueDate');
      }
    }
    // Every task of a message addressed to a colleague is theirs unless it names someone else.
    if (addressed && command.intent === 'create_task' && e.assignee === undefined) e.assignee = addressed;
    // (After a contact, "her" is the contact, which the pronoun alone does not name: "send her the deck".)
    const assignable = SLOTS[command.intent].includes('assignee');
    // ("move her hooli demo prep to thurs" changes her task; "give the hooli f/u to her" hands it to her.)
    const changesOne =
      (command.intent === 'update_task' || command.intent === 'complete_task') &&
      !lex.handedToPronoun.test(body);
    if (colleague && assignable && !changesOne && lex.onePerson.test(body) && !e.assignee && !e.contact)
      e.assignee = colleague;
    colleague = e.contact !== undefined ? undefined : (e.assignee ?? colleague);
    // "move the Acme renewal to negotiation": a deal names its customer.
    if (
      e.opportunity !== undefined &&
      e.customer === undefined &&
      SLOTS[command.intent].includes('customer')
    ) {
      const ofDeal = ctx.dealCustomers.get(foldName(e.opportunity));
      if (ofDeal) e.customer = ofDeal;
    }
    if (
      e.customer === undefined &&
      e.opportunity === undefined &&
      customer &&
      INHERITS_CUSTOMER.has(command.intent)
    ) {
      e.customer = customer;
      command.missing = missingFor(command.intent, e, false, lex).filter((m) => command.missing.includes(m));
    }
    if (e.customer !== undefined && e.opportunity === undefined && NAMES_A_DEAL.has(command.intent)) {
      const named = dealNamedIn(body, e.customer, ctx, lex);
      if (named) e.opportunity = named;
    }
    // "where's the globex pilot at? move it to negotiation": "it" is the deal just named.
    if (
      deal &&
      NAMES_A_DEAL.has(command.intent) &&
      e.opportunity === undefined &&
      (e.customer === undefined || e.customer === deal.customer) &&
      lex.backReference.test(masked)
    ) {
      e.opportunity = deal.opportunity;
      if (deal.customer !== undefined) e.customer = deal.customer;
    }
    if (e.opportunity !== undefined) deal = { opportunity: e.opportunity, customer: e.customer };
    customer = e.customer ?? extraction.mentionedCustomer ?? customer;
    if (Object.keys(extraction.alternatives).length > 0) command.alternatives = extraction.alternatives;
    if (extraction.currencySaid && command.entities.amount) command.currencySaid = true;
  }
}

/**
 * "👍 call w/ wei at hooli. 👎 call w/ tom at initech": each emoji tells how its own clause went, so it goes
 * to the stretch that holds the clause it opens or closes (the first stretch when none does).
 */
function shareEmoji(
  stretches: { start: number; end: number }[],
  emoji: EmojiSentiment[],
  msg: NormalizedMessage,
): EmojiSentiment[][] {
  const starts = stretches.map((g) => originalSpan(msg, g.start, g.end)[0]);
  const shares = stretches.map((): EmojiSentiment[] => []);
  for (const one of emoji) {
    const owner = Math.max(
      0,
      starts.findLastIndex((start) => start <= one.of),
    );
    shares[owner]!.push(one);
  }
  return shares;
}

/** How a command went by its emoji: they outweigh each other by count. */
function outcomeOf(emoji: EmojiSentiment[] | undefined): Outcome | undefined {
  const score = (emoji ?? []).reduce((sum, e) => sum + (e.outcome === 'positive' ? 1 : -1), 0);
  return score > 0 ? 'positive' : score < 0 ? 'negative' : undefined;
}

/** A change below this confidence is one the assistant confirms before making (`Command.confirm`). */
export const CONFIRM_BELOW = 0.75;

/** Whether the clause at `span` of the original `text` asks rather than tells (`isQuestion`). */
function asks(text: string, span: [number, number], lex: CompiledLexicon): boolean {
  // Mentions are platform markup for names: Teams' <at>Name</at>, Slack's <@U123>, a plain @name.
  const clause = text
    .slice(span[0], span[1])
    .replace(/<at>[^<]*<\/at>|<[@#!][^>]*>|(?<!\S)@\S+/g, ' xname ')
    .trim()
    // A capitalised word after the first of its sentence is a name, whatever the lexicon's words are.
    .replace(/(?<![.!?]\s+)(?<=\s)\p{Lu}[\p{L}'-]*/gu, 'xname');
  return isQuestion(clause, text.slice(span[1]), lex);
}

/**
 * Write-safety: a question never comes back as a change. A change intent in a clause that asks becomes
 * the question the learned classifier ranks highest for it, when it ranks one fairly (p >= 0.3), or else
 * the question the change most likely stands for (who talked to a customer, what tasks there are, where
 * a deal stands, what someone closed in a period), at a confidence that says it is a guess.
 */
function keepQuestionsReadOnly(
  text: string,
  msg: NormalizedMessage,
  built: Built[],
  reread: (built: Built, intent: Intent, confidence: number) => Built,
  lex: CompiledLexicon,
): Built[] {
  // The last change read again as a question: "lenas tasks due tday? and also mine" asks it again, of me.
  let lastAsked: { from: Intent; to: Intent; confidence: number } | undefined;
  // "could you please mark X done, reopen Y, and set it to high priority?": the mark closes the request
  // the message opened with, so a later change asks only when it opens like a question of its own.
  const requested = lex.politeRequest.test(msg.text.trim());
  return built.map((b, index) => {
    const { command, masked } = b;
    if (lastAsked && command.intent === lastAsked.from && lex.sameAgain.test(masked))
      return reread(b, lastAsked.to, lastAsked.confidence);
    // As written, or as read once shorthand and typos are mended ("wht's sam working on", "was umbrella moed").
    const closesRequest =
      requested && index > 0 && !lex.questionOpener.test(masked.trim().replace(lex.preamble, ''));
    const asked =
      !closesRequest && (asks(text, command.span, lex) || asks(msg.text, [b.group.start, b.group.end], lex));
    if (command.intent === 'unknown') {
      // A question about our records the rules cannot read: the question the classifier ranks highest.
      const question =
        asked && aboutSales(masked, lex) && !lex.offTopic.test(masked)
          ? (askedIntent(masked, lex) ?? lex.questionTopics.find(([, topic]) => topic.test(masked))?.[0])
          : undefined;
      return question ? reread(b, question, 0.55) : b;
    }
    if (READ_ONLY.has(command.intent) || !asked) return b;
    const e = command.entities;
    const closedInPeriod =
      (command.intent === 'update_opportunity' || command.intent === 'create_opportunity') &&
      e.period !== undefined;
    // "how do i create a new opp": where the rules also read the clause as a question, that reading stands.
    const { runnerUp, runnerUpIntent } = b.group.classification;
    const alsoRead =
      runnerUpIntent && READ_ONLY.has(runnerUpIntent) && runnerUpIntent !== 'unknown' && runnerUp >= 0.75
        ? runnerUpIntent
        : undefined;
    const learned = alsoRead ?? askedIntent(masked, lex);
    const intent = learned ?? (closedInPeriod ? 'query_performance' : (ASKED[command.intent] ?? 'unknown'));
    lastAsked = { from: command.intent, to: intent, confidence: Math.min(command.confidence, 0.6) };
    return reread(b, intent, lastAsked.confidence);
  });
}

/**
 * "actually make that 50k", "wait no, friday not thursday": the previous command again, with only what
 * the correction states (a value it takes back, "not thursday", is ignored). Undefined when the message
 * does not open like a correction, or states nothing to correct: then it is read as a message of its own.
 */
function correctionOf(
  msg: NormalizedMessage,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
  intent: Intent,
): Command | undefined {
  const opener = lex.correction.exec(msg.text);
  if (!opener || intent === 'unknown' || READ_ONLY.has(intent)) return undefined;
  // Blank out what is taken back, keeping every offset (the map to the original text stays right).
  const kept = msg.text.replace(lex.negatedValue, (taken) => ' '.repeat(taken.length));
  const corrected: NormalizedMessage = { ...msg, text: kept };
  const spans = findSpans(corrected, ctx, lex);
  const piece = { start: opener.index + opener[0].length, end: kept.length };
  const classification = { intent, score: 0.8, runnerUp: 0, cue: 0.9 };
  const { command } = build({ ...piece, classification, main: piece }, corrected, ctx, lex, spans);
  // What is left of "actually give it to raj" after the name is no new title.
  delete command.entities.title;
  delete command.entities.summary;
  if (Object.keys(command.entities).length === 0) return undefined;
  return { ...command, missing: [], corrects: true, confirm: false };
}

const PRIORITISED = new Set<Intent>(['create_task', 'update_task']);

/** "🔥 fix the tyrell order form today": an emoji that says how a call went says, on a task, its priority. */
function emojiPriority(built: Built[], text: string, lex: CompiledLexicon): void {
  const said = lex.source.emoji.taskPriority;
  for (const { group, command } of built) {
    if (!PRIORITISED.has(command.intent) || command.entities.priority || !group.emoji) continue;
    const priority = group.emoji
      .map((e) => said[String.fromCodePoint(text.codePointAt(e.at) ?? 0)])
      .find(Boolean);
    if (priority) command.entities.priority = priority;
  }
}

/** Every group with the emoji that speak of it (`shareEmoji`). */
function withEmoji(groups: CommandGroup[], msg: NormalizedMessage): CommandGroup[] {
  if (msg.emoji.length === 0) return groups;
  const shares = shareEmoji(groups, msg.emoji, msg);
  return groups.map((g, i) => ({ ...g, emoji: shares[i] }));
}

/**
 * "acme expansion to 110k. wait no, 101k": a correction inside the message takes back what the command
 * before it said. Each clause that opens like a correction (up to the next sentence break) is read for the
 * command's intent, and what it states replaces the command's values (titles and summaries stay).
 */
function correctWithin(
  built: Built[],
  msg: NormalizedMessage,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
): void {
  for (const b of built) {
    if (READ_ONLY.has(b.command.intent)) continue;
    const { start, end } = b.group;
    const body = msg.text.slice(start, end);
    for (const boundary of body.matchAll(/[.;!?,]\s+|\s[-–—]\s/g)) {
      const from = boundary.index + boundary[0].length;
      const opener = lex.correction.exec(body.slice(from));
      // A bare "no" is no correction inside a message ("no rush", "no reply yet"); "no wait", "no, 95k" are.
      if (!opener || opener[0].trim() === '' || /^(?:no|nope)$/i.test(opener[0].trim())) continue;
      const rest = body.slice(from + opener[0].length);
      const stop = rest.search(/[.;!?](?:\s|$)/);
      const piece = {
        start: start + from + opener[0].length,
        end: start + from + opener[0].length + (stop < 0 ? rest.length : stop),
      };
      const kept = msg.text.replace(lex.negatedValue, (taken) => ' '.repeat(taken.length));
      const corrected: NormalizedMessage = { ...msg, text: kept };
      const spans = findSpans(corrected, ctx, lex);
      const classification = { ...b.group.classification, score: 0.8 };
      const { command } = build({ ...piece, classification, main: piece }, corrected, ctx, lex, spans);
      const said = command.entities as Record<EntityName, unknown>;
      const mine = b.command.entities as Record<EntityName, unknown>;
      // ("..., team can see it... actually no, just me and sam": whom the correction lets see the task is no assignee.)
      const seenBy = said.visibility !== undefined;
      for (const [name, value] of Object.entries(said) as [EntityName, unknown][])
        if (value !== undefined && name !== 'title' && name !== 'summary' && !(name === 'assignee' && seenBy))
          mine[name] = value;
      const named = spans.names.filter((n) => n.start >= piece.start && n.end <= piece.end);
      const namedIds = named.flatMap((n) => n.candidates.map((c) => c.id));
      if (seenBy && namedIds.includes(mine.assignee as string | undefined)) delete mine.assignee;
    }
  }
}

/** Whether a task change names its task only by pointing at it ("push it to friday", "make that urgent"). */
function pointsBack(command: Command, said: string, lex: CompiledLexicon): boolean {
  const e = command.entities;
  const title = e.title?.trim();
  if (title !== undefined) return lex.taskChange.pointing.test(title);
  return !e.customer && !e.contact && !e.opportunity && lex.taskChange.pointed.test(said);
}

const DEAL_COMMANDS = new Set<Intent>(['create_opportunity', 'update_opportunity', 'query_opportunity']);

/**
 * "what's the close date on the initech deal? pls push it to apr 30": a date change pointing back at the
 * deal the command before is about changes the deal's close date, not a task's due date.
 */
function datesOfDealsPointedAt(built: Built[], text: string, lex: CompiledLexicon): void {
  built.forEach(({ command }, i) => {
    const before = built[i - 1]?.command;
    const { dueDate } = command.entities;
    const more = Object.keys(command.entities).filter((name) => name !== 'dueDate' && name !== 'title');
    if (command.intent !== 'update_task' || !before || !DEAL_COMMANDS.has(before.intent)) return;
    if (!dueDate || more.length > 0 || !pointsBack(command, text.slice(...command.span), lex)) return;
    command.intent = 'update_opportunity';
    command.entities = { closeDate: dueDate.slice(0, 10) };
    command.missing = [];
  });
}

/**
 * What a task change or question says beyond its fields: a title that only points back ("it") is none,
 * the task being the conversation's (`refersBack`); a push (`push`, `pushBy`); a question about what is overdue.
 */
function taskChangeFlags(
  commands: Command[],
  text: string,
  ctx: ResolvedContext,
  lex: CompiledLexicon,
): void {
  const words = lex.taskChange;
  for (const command of commands) {
    const said = text.slice(...command.span);
    if (command.intent === 'query_tasks' && words.overdue.test(said)) command.overdue = true;
    if (command.intent !== 'update_task' && command.intent !== 'complete_task') continue;
    const e = command.entities;
    if (pointsBack(command, said, lex)) {
      delete e.title;
      command.refersBack = true;
      command.missing = command.missing.filter((name) => name !== 'title');
    }
    if (command.intent !== 'update_task' || !words.later.test(said)) continue;
    const by = words.by.exec(said);
    if (by) {
      const word = by[1]!.toLowerCase();
      const count = Number(word) || (lex.source.numbers[word] ?? lex.source.taskChange.counts[word] ?? 1);
      const months = words.month.test(by[2]!);
      const days = words.week.test(by[2]!) ? 7 * count : count;
      command.pushBy = months ? { months: count } : { days };
      // "delay the deck a month": for a task with no date, the amount from today.
      if (!e.dueDate) {
        const today = toLocal(ctx.nowMs, ctx.timezone);
        const monthLater = endOfMonth(today, count);
        e.dueDate = formatDate(
          months ? { ...monthLater, d: Math.min(today.d, monthLater.d) } : addDays(today, days),
        );
      }
    }
    if (e.dueDate)
      command.push = words.weekday.test(said)
        ? 'weekday'
        : words.week.test(said)
          ? 'week'
          : words.month.test(said)
            ? 'month'
            : 'date';
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
  // A correction is a change: one that asks ("actually 50k?") is read as a message of its own.
  const correction =
    ctx.previous && !asks(text, [0, text.length], lex)
      ? correctionOf(msg, ctx, lex, ctx.previous.intent)
      : undefined;
  if (correction) return { commands: [correction] };
  const spans = findSpans(msg, ctx, lex);
  // A question's entities are read again for the question it became (a period, a person, a metric).
  const reread = (b: Built, intent: Intent, confidence: number): Built => {
    const classification = { ...b.group.classification, intent };
    const again = build({ ...b.group, classification }, msg, ctx, lex, spans);
    again.command.confidence = confidence;
    again.command.missing = [];
    return again;
  };
  const built = keepQuestionsReadOnly(
    text,
    msg,
    withEmoji(groupCommands(msg.text, spans, lex), msg)
      .flatMap((g) => buildEach(g, msg, ctx, lex, spans))
      .flatMap((b) => perColleague(b, msg.text, spans, lex)),
    reread,
    lex,
  );
  titlesAcrossClauses(built, msg.text, spans);
  shareTailDetails(built, msg.text, spans, lex);
  emojiPriority(built, text, lex);
  correctWithin(built, msg, ctx, lex);
  datesOfDealsPointedAt(built, text, lex);
  inherit(built, ctx, lex, msg.text, spans, addressedColleague(built, spans, msg.text, lex));
  // "mtg tmrw w/ soylent — create task to prep agenda": a planned interaction before other commands is
  // their context (its customer went to them above); alone, it is the task of holding it.
  const kept = built.some((b) => !b.planned) ? built.filter((b) => !b.planned) : built;
  for (const { command } of kept)
    command.confirm = !READ_ONLY.has(command.intent) && command.confidence < CONFIRM_BELOW;
  const commands = kept.map((b) => b.command);
  taskChangeFlags(commands, text, ctx, lex);
  return { commands };
}

/**
 * Trains the learned classifier (or reads it from the model cache) and loads the spelling vocabulary now
 * instead of on the first message that needs them: about 12 s the first time, a few hundred milliseconds once
 * the model is cached. A service calls it at start.
 */
export function warmUp(): void {
  warmUpLexicon(english);
  parseWith('warm up', undefined, english);
}

/** `parse` without its safety net: for tests, which must see a crash as a crash. */
export function parseUnguarded(text: string, context?: ParseContext): ParseResult {
  return parseWith(text, context, english);
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
