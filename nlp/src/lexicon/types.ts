import type {
  EntityName,
  Intent,
  InteractionType,
  Metric,
  Outcome,
  Priority,
  TaskCategory,
  TaskStatus,
  Visibility,
} from '../types.js';

/** One weighted cue for an intent, matched against a clause with entities masked (`@customer`, `@date`, ...). */
export interface IntentPattern {
  intent: Intent;
  re: string;
  w: number;
}

/** A default pipeline stage and the phrases that name it. */
export interface StageWords {
  canonical: string;
  /** Phrases that name the stage after "to", "in", "into", "at" or before "stage". */
  names: string;
  /** Phrases that mean the deal reached the stage on their own ("closed it", "negotiating"). */
  verbs?: string;
}

/**
 * Who may see a task, said in words of one's own ("only u and lena should see it", "nobody but me should see it",
 * "add lena as a viewer"): a word of seeing, and the people, the team or the exclusion next to it.
 * Every entry is a list of whole lower-case words.
 */
export interface AudienceWords {
  /** Words of seeing wherever they stand ("visible", "viewer", "eyes"). */
  seen: string[];
  /** Words of seeing only when what follows is no object of their own: "see it", "have access", not "see Bob". */
  sight: string[];
  /** What may follow `sight` and keep it a word of seeing ("it", "too", "besides"). */
  sightObjects: string[];
  /** Words that link `sight` to what is seen ("have access to it"). */
  sightLinks: string[];
  /** Words that point at the task itself ("it", "this"), and what may follow them ("this one"). */
  pointers: string[];
  pointerTails: string[];
  /** Words that open a restriction to whom they name ("keep it to myself", "keep it between raj and me"), and its link. */
  restrict: string[];
  restrictTo: string[];
  /** Words that may stand between a restriction's task and whom it is kept to ("lock the x task down to me and sam"). */
  restrictParticles: string[];
  /** Words that open a task named by its words ("the cyberdyne exec sponsor task"), and the words that end it. */
  determiners: string[];
  taskNouns: string[];
  /** Words between `only` and the people it lists ("just for me and raj"). */
  listLeads: string[];
  /** The writer. */
  self: string[];
  /** The writer and whom the message speaks to, together ("keep it between us"). */
  ourselves: string[];
  /** Someone else, named by a pronoun ("he's the only other one who needs to see it besides me"). */
  pronouns: string[];
  /** Whom a message speaks to ("only you and me"): a colleague when listed with someone else. */
  addressee: string[];
  /** The whole team ("viewable by the whole group", "put it back on the team view"). */
  team: string[];
  /** Words that make an audience exclusive ("only", "nobody but", "anyone else"). */
  only: string[];
  /** Words that keep others out ("don't show it", "keep it off the shared board"). */
  hidden: string[];
  /** Those who see every private task besides its assignee ("mgr only", "just me and my manager"). */
  overseers: string[];
  /** Words that keep a task to its assignee wherever they are kept ("keep it hidden", "keep this one quiet"). */
  secret: string[];
  /** Verbs that hide a task they name from everyone else ("hide the acme pricing task"), and that open it again. */
  conceal: string[];
  reveal: string[];
  /** Words that may follow the task a verb hides or opens, and end its clause as well ("hide it again pls"). */
  afterwards: string[];
  /** What a task is kept from ("hide it from the team", "hidden from everyone"). */
  keptFrom: string[];
  /** Verbs that bring the people they name in to see a task, and the word that closes them ("loop raj in"). */
  involve: string[];
  involveEnd: string[];
  /** Words an audience phrase is made of besides people and the words above ("let", "can", "should", "have"). */
  glue: string[];
  /** Words that ask whom a message speaks to for something ("can you make it ..."): that one is no audience. */
  asks: string[];
  /** Words after which a message says why, not who ("... see it so nobody double-books her"). */
  reasons: string[];
  /** Words that join people into one audience ("and", "+"). */
  joins: string[];
}

/** Every word and pattern the English parser uses; a second language is another object of this shape. */
export interface Lexicon {
  /** Whole-token rewrites applied before anything else (chat shorthand, common typos). */
  shorthands: Record<string, string>;
  /**
   * A part of a day written short after the day it is in ("this am", "tomorrow pm"), read as the phrase
   * it stands for: `day` is a regex source for the day words (after shorthands are spelt out).
   */
  dayParts: { day: string; parts: Record<string, string> };
  /**
   * Clock times written short, rewritten before dates are read: `re` a regex source, `to` its replacement
   * with `$1`-style groups ("9ish" -> "around 9", "4:15p" -> "4:15pm", "at 1530" -> "at 15:30").
   */
  timeForms: { re: string; to: string }[];
  /** Digits written for the words they sound like, rewritten with the time forms ("remind me 2 call bob"). */
  digitWords: { re: string; to: string }[];
  /** Emoji and shortcodes: sentiment cues, and ones that stand for a word (a check mark means done). */
  emoji: {
    positive: string[];
    negative: string[];
    words: Record<string, string>;
    /** Sentiment emoji that, on a task, say its priority instead ("🔥 fix the order form": critical). */
    taskPriority: Record<string, Priority>;
  };
  /** Regex macros expanded inside `intents` patterns as `{name}`. */
  macros: Record<string, string>;
  intents: IntentPattern[];
  /** Words that make a message about sales work; weak cues need one to be trusted. */
  anchors: string;
  /** Patterns whose presence lowers every intent: small talk, general knowledge, other apps. */
  offTopic: string;
  /**
   * What a question about our records asks, by what it names, first match wins: the last resort for a
   * question neither the rules nor the classifier can read ("how big is the Stark Security Suite deal").
   */
  questionTopics: [Intent, string][];
  /**
   * What may open a clause before its command without being part of it: a label, a greeting or a
   * qualifier ("urgent:", "fyi", "private task for me -", "@lena"). Rules read the clause with and
   * without it and keep the stronger reading.
   */
  preamble: string;
  /** A preamble that says a task follows ("team task:", "todo -", "low pri task, visible to team:"). */
  taskAnnounced: string;
  /**
   * A clause opened by the work it asks for ("task to review raj's pipeline by fri", "new task: ...", "remind
   * me to ..."): what follows is the task's own words, so a question they would make alone is no question.
   */
  workOpener: string;
  /**
   * What follows a colleague whose things a task is about, not whose task it is ("review raj's deals",
   * "check lena's numbers"; not "raj's task", "put it on raj's list", nor "raj's on it"), read right after the name.
   */
  colleaguesThings: string;
  /** A clause that says what the task before it is for ("give me a task, just for me, | to do a loss review"). */
  workPurpose: string;
  /** A clause (masked) that says nothing but "the same again" and for whom: "and for xcust too", "same w/ xpers". */
  onlyAgain: string;
  /**
   * A clause (masked) that names an interaction by its noun alone ("mtg tmrw w/ soylent", "call with bob
   * tomorrow at 3"): with a date ahead, one that is planned, not one that happened.
   */
  plannedInteraction: string;
  /**
   * A change of who may see a task, before the words that say who ("stop sharing the X task", "publish it to
   * the team"): with one of `visibilities` in the clause, it is an `update_task` cue.
   */
  visibilityChange: string;
  /** A day or a period said in a clause, masked ("great work today", "nice job this week"). */
  namesWhen: string;
  /** A joiner that opens what follows it ("+ remind me ...", "and then ..."). */
  joinedBy: string;
  /**
   * Work named as an existing task ("the Hooli deck", "my ... task"), not as new work; `{audienceVerbs}` stands for
   * the audience reader's verbs that hide or open a task (`AudienceWords.conceal` and `reveal`), `{involveVerbs}` for
   * those that bring colleagues in (`involve`: "cc raj on my umbrella f/u").
   */
  namesExistingTask: string;
  /**
   * Another interaction of the kind said before, logged by number ("how many emails did i send? log one to
   * jane", "log 2 more"): a `log_interaction` cue, its kind taken from the command before.
   */
  oneMore: string;
  /** The end of what was said before an emoji when the emoji opens what follows ("... and ✅ my X task"). */
  opensWhatFollows: string;
  /** Brackets left holding only filler once a title's details are cut ("(keep it )"). */
  emptiedBracket: string;
  /** What heads a list and says nothing itself ("eod recap:", "todo list pls -", "morning list:"). */
  listHeading: string;
  /** A record and an amount alone ("• Nakatomi 95k", "Dunder Mifflin expansion - $48,500"). */
  recordAmount: string;
  /** A clause that only thanks, praises or greets ("<@lena> <@raj> great work today", "thx all!"): no command. */
  courtesy: string;
  /**
   * A clause that only addresses someone or announces what follows ("Raj,", "heads up @lena", "add a
   * task -", "new task for me, training:"): it belongs to the clause after it.
   */
  vocative: string;
  /** A question tag ("right?", "didn't we?"): it asks the clause before it. */
  tagQuestion: string;
  /** A clause that only names what the clause before it is ("that's his goal", "make that her target"). */
  bareGoal: string;
  /**
   * A clause that repeats the command before it with new details and no verb of its own ("remind me at
   * 1pm to call Carlos, and at 3pm to call Aisha"; "... and the Acme proposal to 60%").
   */
  ellipsis: string;
  /** What comes right before the colleague a task is handed to, after the one it is taken from ("raj → lena"). */
  handedTo: string;
  /** Words that give a command to each of the colleagues it names ("100 calls each", "you both"). */
  eachCue: string;
  /** Words that set a goal: a goal named with none of them and no target is asked about. */
  goalSetting: string;
  /** Words a clause of details may hold besides colleagues, dates and priorities ("raj pls, high, by fri"). */
  detailFiller: string;
  /** A clause that only gives the command before it to a colleague ("assign to Chris", "→ raj", "lena pls"). */
  handOver: string;
  /** A colleague named as who the change lets work on it ("... collaborative so lena can edit"): no assignee. */
  enablesColleague: string;
  /** The word joining a contact to their account in a list entry ("aisha at wonka, ..."), the account cut out. */
  accountOfContact: string;
  /** A clause of details said of every command before it ("both due fri", "all high pri"). */
  sharedDetails: string;
  /** What a customer wants that is theirs to do, not work of ours ("they want a pilot"): no task by itself. */
  customerWish: string;
  /** A clause that only says what a customer wants ("marcus wants pricing"): the reason for the task after it. */
  wishOnly: string;
  /** A date the customer moved ("globex pushed the demo to fri"): theirs, no change of a task of ours. */
  customerMoved: string;
  /** A reminder the writer asks for themself ("remind me ... to tell lena"): a colleague after it is no assignee. */
  selfReminder: string;
  /** What a task change says of itself beyond its fields (`Command.refersBack`, `push`, `overdue`). */
  taskChange: {
    /** A title that only points back at a task ("it", "that one"): the task the conversation was on. */
    pointing: string;
    /** A change with no title that points at its task ("make it urgent", "mark that done"). */
    pointed: string;
    /** Words that move a due date later ("push", "postpone", "slip", "move ... back"). */
    later: string;
    /** A push by weeks or by months ("push it a week", "slip to next month"); a weekday is in `dates.weekdays`. */
    week: string;
    month: string;
    /**
     * A push by an amount of time ("push it a week", "slip the deck 2 days"): group 1 the count (a word of
     * `counts` or digits), group 2 the unit, which `week`/`month` tell apart (else days).
     */
    by: string;
    /** Counts said without a number word (`numbers` has those): "a week", "a couple of days". */
    counts: Record<string, number>;
    /** A task question about what is past due ("what's overdue?", "anything late for lena"). */
    overdue: string;
  };
  /** A clause break that numbers or letters an item of a list ("1)", "(2)", "b)"). */
  listMark: string;
  /** A reminder that says only whom and when ("remind sam thu EOD"): what follows an arrow or dash is its content. */
  reminderWithoutWhat: string;
  /**
   * "between us", "just the two of us", "loop me in", "share it with me": me beside whom I speak to (a colleague,
   * on a task given to one).
   */
  betweenUs: string;
  clauseBreak: string;
  /** Where a message numbers its items "1. ... 2. ...", the mark of each (a clause break, and an item). */
  numberedItem: string;
  /** A message that numbers its items so ("tasks: 1. call bob fri 2. prep the deck"). */
  numberedList: string;
  /** Words that may join two commands in one sentence ("and", "then", "so"). */
  clauseJoiner: string;
  /** Marks that join two clauses only when each reads as a command ("call w/ jane → acme to proposal → f/u fri"). */
  commandJoiner: string;
  /**
   * A question word that starts a clause with no joiner before it ("mark the deck done ✅ whats next on my
   * list"): a cut there only when the words before it and the question after it each read as a command.
   */
  questionJoin: string;
  /** A pronoun that stands for a person or a customer, not for the command before ("talked to them"). */
  personPronoun: string;
  /** A pronoun for one person ("how's he tracking"): a colleague named before it, when the last person named is one. */
  onePerson: string;
  /** A date said as the one before ("by the same date", "same due date"): the command before's date. */
  sameDate: string;
  /** A task handed to a person named by a pronoun ("give it to her", "assign him"). */
  handedToPronoun: string;
  /** A field of a task named without the task ("push due date to mon"): more of the change before. */
  taskField: string;
  /** A chat channel an interaction went through ("on slack", "linkedin msg"): it makes the interaction a message. */
  messageChannel: string;
  /** The command before, again, for someone else ("..., and same for chris"): it takes what that one says. */
  sameAgain: string;
  /** What may follow "and" or "then" for it to start a new command. */
  clauseStarter: string;
  /**
   * How a clause asks instead of tells. `opener`: its first words make it a question ("did Raj ...",
   * "has anyone ...", "how much ..."). `request`: a polite command phrased as a question ("can you log a
   * call with Jane?"), which stays a command even with a question mark.
   */
  questions: { opener: string; request: string };
  /** Words right before a name that make it a colleague ("assign to", "ask", "cc"), at the end of the text before it. */
  userCue: string;
  /**
   * A message that corrects the previous command: `opener` starts it ("actually", "wait no", "make that"),
   * `negated` is a value it takes back ("not thursday"), to be ignored.
   */
  corrections: {
    opener: string;
    negated: string;
    /** A stage replaced by the one after it ("qualified → proposal", "from lead to qualified"): not the stage. */
    replaced: string;
    /** A task flag (visibility) given up for another ("from private to team-wide"). */
    replacedFlag: string;
    /** What stands between an old value and its new one ("120k → 150k", "120k to 150k"). */
    toNew: string;
  };
  /** Words that point back at the command before ("it", "that"): a clause with one adds detail. */
  backReference: string;
  /** Words that ask for a task to be given to someone ("assign", "delegate"): an assignee is then required. */
  assignRequest: string;
  /** A clause that only says the thing before it is done ("sent the quote to bob, check that off"). */
  bareDone: string;
  /** A clause that only says how far the work before it is ("80% there"): it was a progress update. */
  bareProgress: string;
  /** A clause that only says what a task waits on ("waiting on raj for numbers"): the status of the task before. */
  waitingOn: string;
  /** What stands right before a colleague a task waits on ("waiting on "): they are not whom it is for. */
  waitedOn: string;
  /** Words that ask for a new task outright ("new task: ..."): progress after them is the new task's. */
  newTaskWords: string;
  /**
   * A question whether one task is in a status ("is the Hooli quote done?", "who's working on the RFP?"):
   * it asks about that task, not for the tasks in the status.
   */
  statusAskedOf: string;
  /** A reminder that says only when, before what it is about ("reminder thu 2:30pm - call olga"), masked. */
  reminderHead: string;
  /** A reminder clause that names nothing ("can you remind me", "so set a reminder"): it is about the clause before it. */
  bareReminder: string;
  interactionTypes: Record<InteractionType, string>;
  outcomes: Record<Outcome, string>;
  categories: Record<TaskCategory, string>;
  priorities: Record<Priority, string>;
  statuses: Record<TaskStatus, string>;
  visibilities: Record<Visibility, string>;
  /** The words `entities/audience.ts` reads who may see a task by, when no set phrase of `visibilities` says it. */
  audience: AudienceWords;
  metrics: Record<Metric, string>;
  stages: StageWords[];
  companySuffixes: string[];
  /** Cues for names the tenant has not told us about (regex sources, case-sensitive where capitals matter). */
  tagging: {
    /** Words after which a capitalised phrase is a name ("with", "at", "emailed"). */
    nameCue: string;
    /** Last words of organisation names ("Industries", "Labs"). */
    orgSuffix: string;
    /** What may follow a lower-case organisation after "at"/"from". */
    lowerOrgFollow: string;
    /** "Maria Lopez at Litware", "Grace Kim, the new CFO at Pied Piper": a person before an organisation. */
    personBeforeOrg: string;
    /** "Contoso deal ...": an organisation before a deal word. */
    orgBeforeDeal: string;
  };
  /** Words for being in touch with someone by any means ("talked to", "spoke with"), which name no kind of interaction in a question. */
  anyContact: string;
  /** Words that are never names even when capitalised (sentence starts, days, product words). */
  notNames: string[];
  /** Words before part of a name that make it one though written in lower case ("at stark", "called wayne"). */
  nameCueBefore: string;
  /** ... and words after it ("the stark deal", "wayne's renewal"). */
  nameCueAfter: string;
  money: {
    symbols: Record<string, string>;
    codes: string[];
    words: Record<string, string>;
    multipliers: Record<string, number>;
    /** Words before a bare number that make it an amount ("worth 50000"). */
    cues: string;
  };
  dates: {
    eodHour: number;
    /** Regex for end-of-day phrases ("EOD", "close of business"). */
    eod: string;
    /**
     * Regex for parts of a day said without a clock ("first thing", "after lunch"): the day alone, today or
     * the day named next to it, as no time was given.
     */
    vagueDayPart: string;
    endOfWeek: string;
    endOfMonth: string;
    endOfQuarter: string;
    endOfYear: string;
    /** "end of jan": the end of a month named short (chrono reads only whole names); group 1 is the name. */
    endOfNamedMonth: string;
    /** The months' short names, January first. */
    monthsShort: string[];
    dayOfMonth: string;
    nextWeek: string;
    /** "slipped to next quarter": the end of the next month, quarter or year. */
    nextPeriodEnd: string;
    /** Phrases that put a date in the past, for when the interaction happened. */
    pastCue: string;
    /** Phrases that are not dates although chrono reads them as such. */
    notDates: string;
    /** What comes right before the new date of a task moved from one to another ("move my 3pm prep to 4:30"). */
    movedTo: string;
    /** A word after a date that says the change is new, not part of the date ("due monday now"). */
    notAfterDate: string;
    /** A greeting that names a part of the day and no date ("good morning", "morning all,"). */
    greeting: string;
    /** A weekday alone ("fri", "on Tuesday"): the next one, never today. */
    weekdayOnly: string;
    /** Words that put a date ahead ("next", "tomorrow", "in 3 days"). */
    future: string;
    /** Words that put a date behind ("last", "ago", "yesterday"). */
    past: string;
    /** Parts of today: a phrase naming one is a date even without a day ("this morning"). */
    partOfToday: string;
    /** Words that pin a time-of-day phrase to today ("this", "today", "tonight"). */
    today: string;
    /** Words before a date that make it a deal's expected close ("should close", "sign by", "go live"). */
    closeCue: string;
    /** Expected-close language that may take a named future period as the close ("should sign next month"). */
    expectedClose: string;
    /** Words for a period that a figure may follow after a colon ("this month: 15 demos"). */
    periodNouns: string;
    /** The first three letters of each month's name, January first ("in February" as a period). */
    monthPrefixes: string[];
    /** Each weekday's name and its short forms, Sunday first. */
    weekdays: string[];
    /** The day words a date rule can stand next to ("EOD tomorrow"): today's and the next day's. */
    dayWords: { today: string; tomorrow: string };
    /** Before a day word that pins an EOD phrase to that day ("EOD on Friday", "this Friday"). */
    dayLead: string;
    /** A word that makes "end of week/month/quarter" the next one ("end of next month"). */
    next: string;
    /** Words before a date that are not part of it ("by", "until"), as one alternation. */
    lead: string;
    /** The words right before a date that make it a deadline ("by", "due", "no later than"). */
    deadlineCue: string;
    /**
     * A clock time right after a date chrono did not read ("the 24th at 10", "the 24th 10:00"): group 1
     * "at" or "@", 2 the hour, 3 the minutes, 4 "a" of am, 5 "p" of pm.
     */
    timeAfterDay: string;
    /** A clock hour with no day and no am/pm ("at 4", "at 10:30"); group 1 the hour, group 2 the minutes. */
    bareHour: string;
    /** A quarter named as when a deal closes ("closing q2"): the quarter's last day; group 1 the quarter. */
    closingQuarter: string;
    /** "the day after tomorrow": two days ahead. */
    dayAfterTomorrow: string;
    /** A meal that names a clock time ("at lunch"): the hour it stands for is `mealHour`. */
    mealTime: string;
    mealHour: number;
    /**
     * An offset before a time, right before it ("15 min before my 3pm", "half an hour before the 2pm"): group 1
     * a number, 2 a word for a half, 3 a word for one ("an hour"), 4 the unit; `hourUnit` tells hours from minutes.
     */
    offsetBefore: string;
    hourUnit: string;
    /** A clock time alone, which takes the day named right after it ("9am on the 18th"). */
    timeOnly: string;
    /** What may stand between such a time and its day ("on", a comma). */
    timeDayGap: string;
  };
  periods: Record<string, string>;
  numbers: Record<string, number>;
  /** Leading phrases removed from a task or reminder title. */
  titleLead: string[];
  /** Trailing phrases removed from a title. */
  titleTail: string[];
  /** Leading phrases removed when a title names an existing task ("push", "mark"). */
  taskRefLead: string[];
  taskRefTail: string[];
  /** A title starting with one of these is of that category whatever it mentions later. */
  categoryLeads: Partial<Record<TaskCategory, string>>;
  /** A question about tasks of one category names it so ("what follow-ups do I have this week?"). */
  categoryAsked: Partial<Record<TaskCategory, string>>;
  summaryCue: string;
  /** Interactions with one person at a time (calls, emails, messages), which a list of people multiplies. */
  oneToOne: string;
  /** What opens a note, all of whose text is its summary ("note: ...", "fyi ..."). */
  noteLead: string;
  /**
   * What opens a statement about someone or a record rather than work to do ("we won Acme expansion at 85k"):
   * said after whom it is for ("visible to everyone now: ..."), it is news, not a task.
   */
  statedOpener: string;
  /** What opens the other half of a question that offers two ("do i log every email, or just the important ones?"). */
  alternativeOpener: string;
  /** A heading that says the list after it is of reminders ("reminders: 1) call jane 2pm 2) ..."). */
  remindersHeading: string;
  assignCue: string;
  durationPhrases: Record<string, number>;
  durationUnits: Record<string, number>;
  required: Partial<Record<Intent, EntityName[]>>;
}
