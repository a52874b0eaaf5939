import { READ_ONLY } from './slots.js';
import type { ResolvedContext } from './context.js';
import { assignDates } from './entities/date-roles.js';
import type { NameKind, NameMatch } from './entities/known.js';
import { findPeriod } from './entities/period.js';
import { findNumbers } from './entities/quantities.js';
import { findStage } from './entities/stage.js';
import { extractSummary, extractTitle } from './entities/text-slots.js';
import { readAudience, reasonEnd, type Audience } from './entities/audience.js';
import { earliest, firstListed } from './entities/vocab.js';
import type { CompiledLexicon } from './lexicon/index.js';
import { SLOTS } from './slots.js';
import { maskRange, nameKind, onlySharedWith, type MessageSpans } from './spans.js';
import type { NormalizedMessage } from './text/normalize.js';
import { toLocal } from './time/zone.js';
import type {
  Command,
  Entities,
  EntityName,
  Intent,
  ResolvedEntityName,
  TaskCategory,
  Outcome,
} from './types.js';

export interface Extraction {
  entities: Entities;
  alternatives: NonNullable<Command['alternatives']>;
  /** A customer the clause names even when its intent has no slot for one ("finished the Globex deck"). */
  mentionedCustomer?: string;
  /** The amount's currency is said, not the default (`Command.currencySaid`). */
  currencySaid?: boolean;
}

/** Everything one command's extraction needs. */
export interface GroupInput {
  msg: NormalizedMessage;
  spans: MessageSpans;
  ctx: ResolvedContext;
  lex: CompiledLexicon;
  intent: Intent;
  start: number;
  end: number;
  /** The clause that decided the intent. */
  main: { start: number; end: number };
  /** How it went, by the emoji that speak of it (`shareEmoji` in parse.ts): they outweigh words. */
  emoji?: Outcome | undefined;
  /** Who may see the task, as the clause says it in words of its own (`entities/audience.ts`). */
  audience?: Audience | undefined;
}

const ENTITY_OF: Record<NameKind, ResolvedEntityName> = {
  customer: 'customer',
  contact: 'contact',
  user: 'assignee',
  opportunity: 'opportunity',
};

const CATEGORY_ORDER: TaskCategory[] = ['proposal', 'training', 'data_entry', 'meeting', 'follow_up'];

const inside = (g: GroupInput) => (s: { start: number; end: number }) => s.start >= g.start && s.end <= g.end;

function kindFor(g: GroupInput, match: NameMatch): NameKind {
  const kind = nameKind(match, g.msg.text);
  const hasUser = match.candidates.some((c) => c.kind === 'user');
  const peopleQuestion = ['query_performance', 'query_goals', 'set_goal', 'query_tasks'].includes(g.intent);
  if (kind === 'contact' && hasUser && peopleQuestion) return 'user';
  if (kind === 'contact' && !match.known && peopleQuestion) return 'user';
  const before = g.msg.text.slice(Math.max(0, match.start - 30), match.start);
  const canAssign = ['create_task', 'update_task', 'set_reminder'].includes(g.intent);
  if (kind === 'contact' && !match.known && canAssign && g.lex.assignCue.test(`${before}xusr`)) return 'user';
  return kind;
}

/** "remind me at 4 to send lena the notes": the reminder is the writer's; Lena is what it is about. */
function remindsWriter(g: GroupInput, match: NameMatch): boolean {
  return g.intent === 'set_reminder' && g.lex.selfReminder.test(g.msg.text.slice(g.start, match.start));
}

/** "task to review raj's deals": the colleague's things are what the task is about; it is not theirs. */
function aboutColleague(g: GroupInput, match: NameMatch): boolean {
  return (
    (g.intent === 'create_task' || g.intent === 'set_reminder') &&
    g.lex.colleaguesThings.test(g.msg.text.slice(match.end, match.end + 24))
  );
}

function names(g: GroupInput, out: Extraction): void {
  for (const match of g.spans.names.filter(inside(g))) {
    const kind = kindFor(g, match);
    const entity = ENTITY_OF[kind];
    // "nakatomi f/u: raj → lena", "raj's wonka f/u can go to sam": the task goes to the colleague after the arrow.
    const handedTo =
      kind === 'user' &&
      g.intent === 'update_task' &&
      g.lex.handedTo.test(g.msg.text.slice(g.start, match.start));
    if (out.entities[entity] !== undefined && !handedTo) continue;
    if (kind === 'user' && onlySharedWith(g.msg.text, match, g.lex, { before: 60, after: 48 })) continue;
    if (kind === 'user' && g.audience?.viewers.some((v) => v.start === match.start)) continue;
    if (kind === 'user' && (remindsWriter(g, match) || aboutColleague(g, match))) continue;
    // "stuck, waiting on raj for numbers": whom the task waits on is not whom it is for.
    // ("what's blocked for raj" asks about Raj's tasks.)
    const waitedOn = g.lex.waitedOn.test(g.msg.text.slice(Math.max(0, match.start - 24), match.start));
    if (kind === 'user' && waitedOn && !READ_ONLY.has(g.intent)) continue;
    const fits = match.candidates.filter((c) => c.kind === kind).sort((a, b) => b.score - a.score);
    const best = fits[0];
    if (!best) continue;
    out.entities[entity] = kind === 'user' ? (best.id ?? best.name) : best.name;
    const others = fits.filter((c) => c.name !== best.name && best.score - c.score < 0.02).map((c) => c.name);
    if (others.length > 0) out.alternatives[entity] = [...new Set(others)];
  }
}

function vocabulary(g: GroupInput, body: string, out: Extraction): void {
  const { lex } = g;
  const e = out.entities;
  // "did anyone talk to tyrell this month?" asks about any contact with the account, not about calls.
  const asked = g.intent === 'query_customer' ? body.replace(lex.anyContact, ' ') : body;
  e.interactionType = earliest(
    lex.interactionTypes.filter(([k]) => k !== 'note'),
    asked,
  );
  // "note: Acme wants a discount" is a note; "fyi: had a call w/ Bob" announces the call it logs.
  const note = lex.interactionTypes.find(([k]) => k === 'note')?.[1];
  const announced = body.replace(lex.preamble, '');
  if (note && (note.test(announced) || (note.test(body) && !e.interactionType))) e.interactionType = 'note';
  // "talked to carlos on slack", "shared the ROI calc w/ sofia over linkedin": the channel says what kind of
  // interaction it was.
  else if (
    (e.interactionType || g.intent === 'log_interaction') &&
    lex.messageChannel.test(g.msg.text.slice(g.main.start, g.main.end))
  )
    e.interactionType = 'message';
  e.outcome = g.emoji ?? firstListed(ordered(lex.outcomes, ['negative', 'neutral', 'positive']), body);
  e.priority = firstListed(ordered(lex.priorities, ['low', 'critical', 'high', 'medium']), body);
  e.status = firstListed(ordered(lex.statuses, ['blocked', 'in_progress', 'todo', 'done']), body);
  if (g.intent === 'query_tasks' && lex.statusAskedOf.test(body.trim())) delete e.status;
  // ("from private to team-wide": the flag given up is no flag of the task.)
  const given = body.replace(lex.replacedFlag, (taken) => ' '.repeat(taken.length));
  e.visibility =
    g.audience?.visibility ??
    firstListed(ordered(lex.visibilities, ['private', 'team', 'collaborative']), given);
  // "<@sam> call jane tmrw, private between us", "..., loop me in": on a colleague's task, "us" is that colleague
  // and me.
  const mineOrUnsaid = e.visibility === 'private' || e.visibility === undefined;
  if (mineOrUnsaid && e.assignee !== undefined && lex.betweenUs.test(given)) e.visibility = 'collaborative';
  e.metric = earliest(lex.metrics, body.toLowerCase());
  if (g.intent === 'query_tasks') e.category = lex.categoryAsked.find(([, re]) => re.test(body))?.[0];
  // "should be proposal not negotiation": a stage taken back is not the stage.
  // ("qualified → proposal": the stage before the arrow is the one it had.)
  const blank = (taken: string): string => ' '.repeat(taken.length);
  const unsaid = body.replace(lex.negatedValue, blank).replace(lex.replacedValue, blank);
  const stage = findStage(unsaid, maskRange(g.msg.text, g.spans, g), g.ctx, lex, g.intent);
  if (stage) {
    e.stage = stage.value;
    if (stage.alternatives.length > 0) out.alternatives.stage = stage.alternatives;
  }
}

function ordered<K>(entries: [K, RegExp][], order: K[]): [K, RegExp][] {
  return order.flatMap((k) => entries.filter(([key]) => key === k));
}

function quantities(g: GroupInput, out: Extraction): void {
  const e = out.entities;
  const [money, after] = g.spans.money.filter(inside(g));
  // "120k → 150k", "from 120k to 150k": the amount is the new one.
  const replaced = after && money && g.lex.toNewValue.test(g.msg.text.slice(money.end, after.start));
  if (money) {
    const chosen = replaced ? after : money;
    e.amount = chosen.amount;
    if (chosen.currencySaid) out.currencySaid = true;
  }
  const pct = g.spans.percents.find(inside(g));
  if (pct) e.progress = pct.value;
  // "50% done" reports progress, not completion.
  if (e.progress !== undefined && e.progress < 100 && e.status === 'done') delete e.status;
  const duration = g.spans.durations.find(inside(g));
  if (duration) e.durationMinutes = duration.value;
  if (g.intent === 'set_goal') e.target = goalTarget(g, out);
}

function goalTarget(g: GroupInput, out: Extraction): number | undefined {
  const money = g.spans.money.find(inside(g));
  if (money && (!out.entities.metric || ['revenue', 'pipeline'].includes(out.entities.metric))) {
    out.entities.metric ??= 'revenue';
    return money.amount.value;
  }
  const taken = [...g.spans.dates, ...g.spans.money, ...g.spans.percents];
  const body = g.msg.text.slice(g.start, g.end);
  const numbers = findNumbers(
    body,
    taken.map((s) => ({ start: s.start - g.start, end: s.end - g.start })),
  );
  const quarterDigit = (n: { start: number }) => /q$/i.test(body.slice(0, n.start));
  return numbers.find((n) => !quarterDigit(n))?.value;
}

function period(g: GroupInput, body: string, out: Extraction): void {
  const now = toLocal(g.ctx.nowMs, g.ctx.timezone);
  const found = findPeriod(body.toLowerCase(), { y: now.y, m: now.m, d: now.d }, g.lex);
  if (found) out.entities.period = found;
}

function texts(g: GroupInput, out: Extraction): void {
  const { lex } = g;
  // (Why they may see it goes with whom: "keep it between us until pricing is approved".)
  const audience = g.audience && {
    start: g.audience.said.start,
    end: reasonEnd(g.msg.text, g.audience.said.end, g.end, lex),
  };
  const cuts = [...g.spans.dates, ...g.spans.percents, ...(audience ? [audience] : [])];
  const flags = [...lex.priorities, ...lex.visibilities].map(([, re]) => re);
  const range = { start: g.start, end: g.end };
  const withNames = { text: g.msg.text, range, cuts, flags, lex };
  out.entities.summary = extractSummary({ ...withNames, note: out.entities.interactionType === 'note' });
  if (!['create_task', 'update_task', 'complete_task', 'set_reminder'].includes(g.intent)) return;
  const userCuts = g.spans.names.filter(
    (n) => inside(g)(n) && kindFor(g, n) === 'user' && !remindsWriter(g, n) && !aboutColleague(g, n),
  );
  const isUpdate = g.intent === 'update_task' || g.intent === 'complete_task';
  const titleFlags = isUpdate ? [...flags, ...lex.statuses.map(([, re]) => re)] : flags;
  const title = (r: { start: number; end: number }): string | undefined =>
    extractTitle({
      ...withNames,
      range: r,
      flags: titleFlags,
      cuts: [...cuts, ...userCuts],
      reference: isUpdate,
    });
  out.entities.title = title(afterAudienceHead(g, g.main)) ?? title(range);
  if (out.entities.title && g.intent === 'create_task')
    out.entities.category = categoryOf(out.entities.title, lex);
}

/**
 * "creating this for myself but lena should see it: prep the QBR deck": what comes before the colon that
 * closes who may see the task is about who sees it, so the task is what follows.
 */
function afterAudienceHead(g: GroupInput, r: { start: number; end: number }): { start: number; end: number } {
  if (!g.audience || g.audience.said.end > r.end || g.audience.said.start < r.start) return r;
  const closed = /^\s*(?:[:\u2013\u2014]|\s-)\s*(?=\p{L})/u.exec(
    g.msg.text.slice(g.audience.said.end, r.end),
  );
  return closed ? { start: g.audience.said.end + closed[0].length, end: r.end } : r;
}

function categoryOf(title: string, lex: CompiledLexicon): TaskCategory | undefined {
  const lead = lex.categoryLeads.find(([, re]) => re.test(title));
  return lead ? lead[0] : firstListed(ordered(lex.categories, CATEGORY_ORDER), title);
}

/** The intents whose command may say who sees a task. */
const SEEN_BY = new Set<Intent>(['create_task', 'update_task', 'set_reminder']);

/** Pull the entities an intent can carry out of its stretch of the message. */
export function extractEntities(g: GroupInput): Extraction {
  const out: Extraction = { entities: {}, alternatives: {} };
  const body = g.msg.text.slice(g.start, g.end);
  if (SEEN_BY.has(g.intent)) g = { ...g, audience: readAudience(g.msg.text, g, g.spans.names, g.lex) };
  names(g, out);
  vocabulary(g, body, out);
  // "since raj is helping me ..., share the review task with him": a change of who may see a task hands it to
  // no one unless it says so.
  const seenOnly =
    g.intent === 'update_task' && out.entities.visibility !== undefined && out.entities.assignee;
  if (seenOnly && !g.lex.assignCue.test(maskRange(g.msg.text, g.spans, g))) delete out.entities.assignee;
  quantities(g, out);
  period(g, body, out);
  texts(g, out);
  assignDates(g, out.entities);
  if (out.entities.customer !== undefined) out.mentionedCustomer = out.entities.customer;
  const allowed = new Set<EntityName>(SLOTS[g.intent]);
  for (const key of Object.keys(out.entities) as EntityName[]) {
    if (!allowed.has(key) || out.entities[key] === undefined) delete out.entities[key];
  }
  for (const key of Object.keys(out.alternatives) as ResolvedEntityName[]) {
    if (!allowed.has(key) || out.entities[key] === undefined) delete out.alternatives[key];
  }
  return out;
}
