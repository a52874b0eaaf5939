import type {
  Intent,
  InteractionType,
  Metric,
  Outcome,
  Priority,
  TaskCategory,
  TaskStatus,
  Visibility,
} from '../types.js';
import { PatternIndex } from '../text/literals.js';
import { en } from './en.js';
import type { AudienceWords, Lexicon } from './types.js';

export type { Lexicon } from './types.js';

/** A lexicon with every pattern compiled once. */
export interface CompiledLexicon {
  source: Lexicon;
  intents: { intent: Intent; re: RegExp; w: number }[];
  /** The intent patterns indexed by the words they require (`text/literals.ts`). */
  intentIndex: PatternIndex<{ intent: Intent; re: RegExp; w: number }>;
  anchors: RegExp;
  offTopic: RegExp;
  questionTopics: [Intent, RegExp][];
  listMark: RegExp;
  reminderWithoutWhat: RegExp;
  betweenUs: RegExp;
  clauseBreak: RegExp;
  /** `clauseBreak` with the marks of numbered items ("1. ... 2. ..."), for a message that numbers them. */
  numberedBreak: RegExp;
  numberedList: RegExp;
  clauseJoiner: RegExp;
  /** A joiner (trimmed) that cuts only between two commands: an arrow, or none before a question word. */
  commandJoiner: RegExp;
  personPronoun: RegExp;
  onePerson: RegExp;
  sameDate: RegExp;
  handedToPronoun: RegExp;
  taskField: RegExp;
  messageChannel: RegExp;
  sameAgain: RegExp;
  /** A word every deal may have in its name ("deal", "opportunity"), which names no deal of its own. */
  dealWord: RegExp;
  clauseStarter: RegExp;
  reminderHead: RegExp;
  bareReminder: RegExp;
  bareDone: RegExp;
  bareProgress: RegExp;
  waitingOn: RegExp;
  waitedOn: RegExp;
  newTaskWords: RegExp;
  statusAskedOf: RegExp;
  questionOpener: RegExp;
  politeRequest: RegExp;
  userCue: RegExp;
  assignRequest: RegExp;
  backReference: RegExp;
  correction: RegExp;
  negatedValue: RegExp;
  replacedValue: RegExp;
  replacedFlag: RegExp;
  movedTo: RegExp;
  toNewValue: RegExp;
  taskAnnounced: RegExp;
  workOpener: RegExp;
  colleaguesThings: RegExp;
  workPurpose: RegExp;
  onlyAgain: RegExp;
  plannedInteraction: RegExp;
  enablesColleague: RegExp;
  selfReminder: RegExp;
  customerWish: RegExp;
  wishOnly: RegExp;
  customerMoved: RegExp;
  taskChange: {
    pointing: RegExp;
    pointed: RegExp;
    later: RegExp;
    week: RegExp;
    month: RegExp;
    by: RegExp;
    weekday: RegExp;
    overdue: RegExp;
  };
  sharedDetails: RegExp;
  accountOfContact: RegExp;
  preamble: RegExp;
  recordAmount: RegExp;
  listHeading: RegExp;
  namesWhen: RegExp;
  joinedBy: RegExp;
  namesExistingTask: RegExp;
  oneMore: RegExp;
  opensWhatFollows: RegExp;
  emptiedBracket: RegExp;
  courtesy: RegExp;
  vocative: RegExp;
  tagQuestion: RegExp;
  bareGoal: RegExp;
  ellipsis: RegExp;
  handOver: RegExp;
  detailFiller: RegExp;
  handedTo: RegExp;
  eachCue: RegExp;
  goalSetting: RegExp;
  dateWords: { weekdayOnly: RegExp; future: RegExp; past: RegExp; partOfToday: RegExp; today: RegExp };
  /** The day words the date rules read: see `DayWords`. */
  days: DayWords;
  closeCue: RegExp;
  expectedClose: RegExp;
  interactionTypes: [InteractionType, RegExp][];
  outcomes: [Outcome, RegExp][];
  categories: [TaskCategory, RegExp][];
  priorities: [Priority, RegExp][];
  statuses: [TaskStatus, RegExp][];
  visibilities: [Visibility, RegExp][];
  audience: { [K in keyof AudienceWords]: Set<string> };
  metrics: [Metric, RegExp][];
  stageNames: { canonical: string; re: RegExp }[];
  stageVerbs: { canonical: string; re: RegExp }[];
  stageCue: RegExp;
  /** A stage name alone at the end of a clause ("new opp hooli 20k, qualified"): the stage a new deal opens in. */
  stageBare: RegExp;
  /** A stage name before deals a question lists ("all qualified opps", "lost deals this quarter"). */
  stageListed: RegExp;
  shorthands: Map<string, string>;
  /** Times written short ("tomorrow pm", "9ish", "4:15p", "at 1530") and how each is read, in one pass. */
  timeRewrite: TimeRewrite;
  anyContact: RegExp;
  notNames: Set<string>;
  nameCueBefore: RegExp;
  nameCueAfter: RegExp;
  companySuffixes: Set<string>;
  titleLead: RegExp;
  titleTail: RegExp;
  taskRefLead: RegExp;
  taskRefTail: RegExp;
  categoryLeads: [TaskCategory, RegExp][];
  categoryAsked: [TaskCategory, RegExp][];
  summaryCue: RegExp;
  oneToOne: RegExp;
  noteLead: RegExp;
  statedOpener: RegExp;
  alternativeOpener: RegExp;
  remindersHeading: RegExp;
  assignCue: RegExp;
  periods: [string, RegExp][];
  tagging: {
    cue: RegExp;
    orgSuffix: RegExp;
    lowerOrg: RegExp;
    personBeforeOrg: RegExp;
    orgBeforeDeal: RegExp;
  };
}

const rx = (source: string, flags = 'i'): RegExp => new RegExp(source, flags);

function expandMacros(pattern: string, macros: Record<string, string>): string {
  let out = pattern;
  // Macros may refer to other macros; three passes cover the nesting the lexicon uses.
  for (let pass = 0; pass < 3; pass++) {
    out = out.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => macros[name] ?? whole);
  }
  return out;
}

function entries<K extends string>(record: Record<K, string>): [K, RegExp][] {
  return (Object.keys(record) as K[]).map((k) => [k, rx(record[k])]);
}

function stageMacros(lex: Lexicon): Record<string, string> {
  const names = lex.stages.map((s) => s.names).join('|');
  const verbs = lex.stages
    .map((s) => s.verbs)
    .filter((v): v is string => Boolean(v))
    .join('|');
  return { ...lex.macros, stageNames: names, stageVerbs: verbs };
}

function compileTagging(t: Lexicon['tagging']): CompiledLexicon['tagging'] {
  const name = "(\\p{Lu}[\\p{L}&'.-]*(?:\\s+\\p{Lu}[\\p{L}&'.-]*){0,3})";
  return {
    cue: new RegExp(`(?:\\b(?:${t.nameCue})[,:]?|@)\\s+${name}`, 'gu'),
    orgSuffix: new RegExp(
      `\\b\\p{Lu}[\\p{L}&'-]*(?:\\s+\\p{Lu}[\\p{L}&'-]*)*\\s+(?:${t.orgSuffix})\\b`,
      'gu',
    ),
    lowerOrg: new RegExp(
      `\\b(?:at|from)\\s+([a-z][a-z0-9&-]{2,})(?=\\s*(?:$|[,.;!?]|\\s(?:${t.lowerOrgFollow})\\b))`,
      'g',
    ),
    personBeforeOrg: new RegExp(t.personBeforeOrg, 'gu'),
    orgBeforeDeal: new RegExp(t.orgBeforeDeal, 'u'),
  };
}

export interface DayWords {
  /** Each weekday alone, anchored, Sunday first. */
  weekdays: RegExp[];
  today: RegExp;
  tomorrow: RegExp;
  /** A day word right after an EOD phrase ("EOD on Friday"); group 1 is the day. */
  after: RegExp;
  /** A day word right before one ("Friday EOD", "tomorrow's COB"); group 1 is the day. */
  before: RegExp;
  next: RegExp;
  /** The words before a date that are not part of it, at its start. */
  lead: RegExp;
  /** The words right before a date that make it a deadline. */
  deadlineCue: RegExp;
}

/** Every short time form (and digit written for a word) as one regex: form i's groups follow its own outer group at `offset`. */
export interface TimeRewrite {
  re: RegExp;
  forms: { offset: number; to: string }[];
}

/** How many capture groups a regex source has. */
function groupCount(source: string): number {
  return (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
}

/** The day parts ("tomorrow pm" -> "tomorrow afternoon") and the lexicon's time forms, compiled together. */
function timeRewrite(lex: Lexicon): TimeRewrite {
  const forms = [
    ...Object.entries(lex.dayParts.parts).map(([short, long]) => ({
      re: `\\b(${lex.dayParts.day})\\s+${short}\\b`,
      to: `$1 ${long}`,
    })),
    ...lex.timeForms,
    ...lex.digitWords,
  ];
  let offset = 1;
  const compiled = forms.map((form) => {
    const at = { offset, to: form.to };
    offset += 1 + groupCount(form.re);
    return at;
  });
  return { re: new RegExp(forms.map((f) => `(${f.re})`).join('|'), 'gi'), forms: compiled };
}

function dayWords(d: Lexicon['dates']): DayWords {
  const day = [d.dayWords.today, d.dayWords.tomorrow, ...d.weekdays].join('|');
  return {
    weekdays: d.weekdays.map((w) => rx(`^(?:${w})$`)),
    today: rx(`^(?:${d.dayWords.today})$`),
    tomorrow: rx(`^(?:${d.dayWords.tomorrow})$`),
    after: rx(`^\\s*(?:(?:${d.dayLead})\\s+)?(${day})\\b`),
    before: rx(`\\b(${day})(?:'s)?\\s+$`),
    next: rx(`\\b(?:${d.next})\\b`),
    lead: rx(`^(?:(?:${d.lead})\\s+)+`),
    deadlineCue: rx(d.deadlineCue),
  };
}

/** "stop sharing the nakatomi contacts task": a change of a task's verb, with a visibility in the clause. */
function visibilityChange(lex: Lexicon): CompiledLexicon['intents'][number] {
  const said = Object.values(lex.visibilities).join('|');
  return {
    intent: 'update_task',
    w: 0.88,
    re: rx(`^(?=.*(?:${said}))(?![^:]*:|.*\\s[-–—]\\s)${lex.visibilityChange.slice(1)}`),
  };
}

/** Compile a lexicon's patterns into regular expressions. */
export function compileLexicon(lex: Lexicon): CompiledLexicon {
  const macros = stageMacros(lex);
  const expand = (s: string): string => expandMacros(s, macros);
  const lead = lex.titleLead.map(expand).join('|');
  const tail = lex.titleTail.map(expand).join('|');
  const intents: CompiledLexicon['intents'] = [
    ...lex.intents.map((p) => ({ intent: p.intent, w: p.w, re: rx(expand(p.re)) })),
    visibilityChange(lex),
    { intent: 'log_interaction', w: 0.9, re: rx(lex.oneMore) },
  ];
  return {
    source: lex,
    intents,
    intentIndex: new PatternIndex(intents),
    anchors: rx(expand(lex.anchors)),
    offTopic: rx(lex.offTopic),
    questionTopics: lex.questionTopics.map(([intent, source]) => [intent, rx(source)]),
    taskAnnounced: rx(lex.taskAnnounced),
    workOpener: rx(lex.workOpener),
    colleaguesThings: rx(lex.colleaguesThings),
    workPurpose: rx(lex.workPurpose),
    onlyAgain: rx(lex.onlyAgain),
    plannedInteraction: rx(lex.plannedInteraction),
    enablesColleague: rx(lex.enablesColleague),
    selfReminder: rx(lex.selfReminder),
    customerWish: rx(lex.customerWish),
    wishOnly: rx(lex.wishOnly),
    customerMoved: rx(lex.customerMoved),
    taskChange: {
      pointing: rx(lex.taskChange.pointing),
      pointed: rx(lex.taskChange.pointed),
      later: rx(lex.taskChange.later),
      week: rx(lex.taskChange.week),
      month: rx(lex.taskChange.month),
      by: rx(lex.taskChange.by),
      weekday: rx(`\\b(?:${lex.dates.weekdays.join('|')})\\b`),
      overdue: rx(lex.taskChange.overdue),
    },
    sharedDetails: rx(lex.sharedDetails),
    accountOfContact: rx(lex.accountOfContact, 'gi'),
    preamble: rx(lex.preamble),
    recordAmount: rx(expand(lex.recordAmount)),
    listHeading: rx(lex.listHeading),
    namesWhen: rx(lex.namesWhen, ''),
    joinedBy: rx(lex.joinedBy),
    // (The verbs that hide or open a task are the audience reader's own.)
    namesExistingTask: rx(
      lex.namesExistingTask
        .replace('{audienceVerbs}', [...lex.audience.conceal, ...lex.audience.reveal].join('|'))
        .replace('{involveVerbs}', lex.audience.involve.join('|')),
    ),
    oneMore: rx(lex.oneMore),
    opensWhatFollows: rx(lex.opensWhatFollows, 'u'),
    emptiedBracket: rx(lex.emptiedBracket, 'gi'),
    courtesy: rx(expand(lex.courtesy)),
    vocative: rx(lex.vocative),
    tagQuestion: rx(lex.tagQuestion),
    bareGoal: rx(lex.bareGoal),
    ellipsis: rx(lex.ellipsis),
    handOver: rx(lex.handOver),
    detailFiller: rx(lex.detailFiller, 'g'),
    handedTo: rx(lex.handedTo),
    eachCue: rx(lex.eachCue),
    goalSetting: rx(lex.goalSetting),
    listMark: rx(lex.listMark),
    reminderWithoutWhat: rx(lex.reminderWithoutWhat),
    betweenUs: rx(lex.betweenUs),
    clauseBreak: rx(lex.clauseBreak, 'g'),
    numberedBreak: rx(`${lex.numberedItem}|${lex.clauseBreak}`, 'g'),
    numberedList: rx(lex.numberedList),
    personPronoun: rx(lex.personPronoun, 'gi'),
    onePerson: rx(lex.onePerson),
    sameDate: rx(lex.sameDate),
    handedToPronoun: rx(lex.handedToPronoun),
    taskField: rx(lex.taskField),
    messageChannel: rx(lex.messageChannel),
    sameAgain: rx(lex.sameAgain),
    dealWord: rx(`^(?:${expand('{deal}')}|${expand('{deals}')})$`),
    clauseJoiner: rx(
      `\\s+(?:(?:${lex.clauseJoiner}|${lex.commandJoiner})\\s+|(?=${lex.questionJoin}))`,
      'gi',
    ),
    commandJoiner: rx(`^(?:${lex.commandJoiner}|)$`),
    clauseStarter: rx(`^\\s*${expand(lex.clauseStarter)}`),
    reminderHead: rx(lex.reminderHead),
    bareReminder: rx(lex.bareReminder),
    bareDone: rx(lex.bareDone),
    bareProgress: rx(lex.bareProgress),
    waitingOn: rx(lex.waitingOn),
    waitedOn: rx(lex.waitedOn),
    newTaskWords: rx(lex.newTaskWords),
    statusAskedOf: rx(lex.statusAskedOf),
    questionOpener: rx(`^${lex.questions.opener}`),
    politeRequest: rx(`^(?:${lex.questions.request})`),
    userCue: rx(lex.userCue),
    assignRequest: rx(lex.assignRequest),
    backReference: rx(lex.backReference),
    correction: rx(lex.corrections.opener),
    negatedValue: rx(lex.corrections.negated, 'gi'),
    replacedValue: rx(expand(lex.corrections.replaced), 'gi'),
    replacedFlag: rx(lex.corrections.replacedFlag, 'gi'),
    movedTo: rx(lex.dates.movedTo),
    toNewValue: rx(lex.corrections.toNew),
    dateWords: {
      weekdayOnly: rx(lex.dates.weekdayOnly),
      future: rx(lex.dates.future),
      past: rx(lex.dates.past),
      partOfToday: rx(lex.dates.partOfToday),
      today: rx(lex.dates.today),
    },
    days: dayWords(lex.dates),
    closeCue: rx(lex.dates.closeCue),
    expectedClose: rx(lex.dates.expectedClose),
    interactionTypes: entries(lex.interactionTypes),
    outcomes: entries(lex.outcomes),
    categories: entries(lex.categories),
    priorities: entries(lex.priorities),
    statuses: entries(lex.statuses),
    visibilities: entries(lex.visibilities),
    audience: Object.fromEntries(
      Object.entries<string[]>({ ...lex.audience }).map(([key, words]) => [key, new Set(words)]),
    ) as CompiledLexicon['audience'],
    metrics: entries(lex.metrics),
    stageNames: lex.stages.map((s) => ({ canonical: s.canonical, re: rx(`^(?:${s.names})$`) })),
    stageVerbs: lex.stages
      .filter((s) => s.verbs)
      .map((s) => ({ canonical: s.canonical, re: rx(expand(s.verbs ?? '')) })),
    stageBare: rx(`(?:^|[\\s,(])(${macros.stageNames})(?=\\s*(?:stage)?\\s*(?:[,.;:!)\\-–—]|$|done\\b))`),
    stageListed: rx(`\\b(${macros.stageNames})\\s+${expand('{deals}')}\\b`),
    stageCue: rx(
      `(?:\\b(?:to|into|in|at|stage(?: is)?|now|is|status)|->|→|=|:)\\s*(?:the\\s+)?(${macros.stageNames})(?:\\s+stage)?\\b|\\b(${macros.stageNames})\\s+stage\\b`,
    ),
    shorthands: new Map(Object.entries(lex.shorthands)),
    timeRewrite: timeRewrite(lex),
    anyContact: rx(lex.anyContact, 'gi'),
    notNames: new Set(lex.notNames),
    nameCueBefore: rx(`${lex.nameCueBefore}$`),
    nameCueAfter: rx(`^${lex.nameCueAfter}`),
    companySuffixes: new Set(lex.companySuffixes),
    titleLead: rx(`^(?:(?:${lead})\\b[\\s,:;-]*)+`),
    titleTail: rx(`(?:[\\s,;:-]*\\b(?:${tail}))+[\\s.!?]*$`),
    taskRefLead: rx(`^(?:(?:${lex.taskRefLead.join('|')})\\b[\\s,:;-]*)+`),
    taskRefTail: rx(`(?:[\\s,;:-]*\\b(?:${lex.taskRefTail.map(expand).join('|')}))+[\\s.!?]*$`),
    categoryLeads: (Object.keys(lex.categoryLeads) as TaskCategory[]).map((k) => [
      k,
      rx(lex.categoryLeads[k] ?? '$^'),
    ]),
    categoryAsked: (Object.keys(lex.categoryAsked) as TaskCategory[]).map((k) => [
      k,
      rx(lex.categoryAsked[k] ?? '$^'),
    ]),
    summaryCue: rx(lex.summaryCue),
    oneToOne: rx(lex.oneToOne),
    noteLead: rx(lex.noteLead),
    statedOpener: rx(lex.statedOpener),
    alternativeOpener: rx(lex.alternativeOpener),
    remindersHeading: rx(lex.remindersHeading),
    assignCue: rx(expand(lex.assignCue)),
    periods: entries(lex.periods),
    tagging: compileTagging(lex.tagging),
  };
}

/** The English lexicon, compiled on first import. */
export const english: CompiledLexicon = compileLexicon(en);
