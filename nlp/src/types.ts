/** The intents a chat message can carry; `unknown` when the parser cannot tell. */
export type Intent =
  | 'log_interaction'
  | 'create_task'
  | 'update_task'
  | 'complete_task'
  | 'create_opportunity'
  | 'update_opportunity'
  | 'query_tasks'
  | 'query_pipeline'
  | 'query_opportunity'
  | 'query_customer'
  | 'query_performance'
  | 'query_goals'
  | 'set_goal'
  | 'set_reminder'
  | 'help'
  | 'undo'
  | 'cancel'
  | 'unknown';

export type InteractionType = 'call' | 'meeting' | 'email' | 'demo' | 'note' | 'message';
export type Outcome = 'positive' | 'neutral' | 'negative';
export type TaskCategory = 'follow_up' | 'proposal' | 'meeting' | 'data_entry' | 'training';
export type Priority = 'critical' | 'high' | 'medium' | 'low';
export type TaskStatus = 'todo' | 'in_progress' | 'blocked' | 'done';
export type Visibility = 'private' | 'collaborative' | 'team';
export type Metric =
  | 'revenue'
  | 'deals_won'
  | 'calls'
  | 'meetings'
  | 'demos'
  | 'emails'
  | 'interactions'
  | 'tasks_completed'
  | 'pipeline';

export interface Money {
  value: number;
  currency: string;
}

/** Inclusive date range, both ends `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

export interface Entities {
  customer?: string;
  contact?: string;
  /** A user id when a mention or a known user resolves, else the name as written. */
  assignee?: string;
  opportunity?: string;
  interactionType?: InteractionType;
  outcome?: Outcome;
  summary?: string;
  title?: string;
  category?: TaskCategory;
  priority?: Priority;
  dueDate?: string;
  closeDate?: string;
  occurredAt?: string;
  remindAt?: string;
  amount?: Money;
  stage?: string;
  status?: TaskStatus;
  progress?: number;
  visibility?: Visibility;
  durationMinutes?: number;
  period?: Period;
  metric?: Metric;
  target?: number;
}

export type EntityName = keyof Entities;

/** Entities resolved against `known` names, for which `alternatives` may list other candidates. */
export type ResolvedEntityName = 'customer' | 'contact' | 'assignee' | 'opportunity' | 'stage';

export interface Command {
  intent: Intent;
  /** 0..1; below 0.5 the bot should ask rather than act. */
  confidence: number;
  entities: Entities;
  /** Entities the intent needs that the text did not give, so the bot can ask back. */
  missing: EntityName[];
  /** [start, end) character offsets into the original text. */
  span: [number, number];
  /**
   * True for a change the assistant must confirm before making: its confidence is below 0.75 (between
   * 0.5 and 0.75 it reads right but not surely; below 0.5 the assistant asks what was meant). Questions
   * and `unknown` are never flagged: they change nothing.
   */
  confirm?: boolean;
  /**
   * True when the message corrects `context.previous` ("actually make that 50k"): the command has the
   * previous intent and only the entities the correction states, to be applied over the previous ones.
   */
  corrects?: boolean;
  /**
   * `update_task`, `complete_task`: the task is named only by pointing back at it ("push it to friday",
   * "mark that one done"), so it is the one the conversation was on; the command carries no title.
   */
  refersBack?: boolean;
  /**
   * `update_task`: the change pushes the due date later ("push", "postpone", "slip", "move ... back"), so it
   * must never land earlier than the task's date; the kind of period its date names (a push "to friday" from
   * a later Friday means the Friday after it, a push "to next week" from next week the week after).
   */
  push?: 'week' | 'month' | 'weekday' | 'date';
  /**
   * A push by an amount of time ("push it a week", "slip the deck 2 days"): counted from the task's due
   * date, not from today (the `dueDate` given is today's date plus the amount, for a task with none).
   */
  pushBy?: { days: number } | { months: number };
  /** `query_tasks`: the question asks only for what is past due ("what's overdue?"). */
  overdue?: boolean;
  /**
   * The amount's currency was said ("45k EUR", "€45k"); without it the currency is the context's default,
   * and a deal's amount changed in chat keeps the currency the deal has.
   */
  currencySaid?: boolean;
  /** Other known names that fit as well as the chosen one. */
  alternatives?: Partial<Record<ResolvedEntityName, string[]>>;
}

export interface ParseResult {
  commands: Command[];
}

export interface KnownUser {
  id: string;
  name: string;
  handles?: string[];
}

export interface KnownNames {
  customers?: string[];
  contacts?: string[];
  users?: KnownUser[];
  opportunities?: string[];
  /**
   * The customer of each deal, by deal name, so a command that names a deal names its customer too.
   * Without it, a deal's customer is the known customer its name opens with ("Acme Renewal 2025").
   */
  dealCustomers?: Record<string, string>;
  stages?: string[];
}

export interface ParseContext {
  /** ISO 8601 instant; defaults to the current time. */
  now?: string;
  /** IANA zone name; defaults to UTC. */
  timezone?: string;
  known?: KnownNames;
  /** ISO 4217 code used when an amount names no currency; defaults to USD. */
  currency?: string;
  /**
   * The command the conversation acted on last (the assistant keeps it per user per conversation), so
   * "actually make that 50k" or "wait no, friday not thursday" can correct it.
   */
  previous?: Pick<Command, 'intent' | 'entities'>;
}
