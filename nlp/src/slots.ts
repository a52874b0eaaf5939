import type { EntityName, Intent } from './types.js';

/** Intents that change nothing: questions, help, and what was not understood. */
export const READ_ONLY = new Set<Intent>([
  'query_tasks',
  'query_pipeline',
  'query_opportunity',
  'query_customer',
  'query_performance',
  'query_goals',
  'help',
  'unknown',
]);

/** Which entities each intent can carry; anything else found in its clause is ignored. */
export const SLOTS: Record<Intent, readonly EntityName[]> = {
  log_interaction: [
    'customer',
    'contact',
    'opportunity',
    'interactionType',
    'outcome',
    'summary',
    'occurredAt',
    'durationMinutes',
  ],
  create_task: [
    'title',
    'customer',
    'contact',
    'opportunity',
    'assignee',
    'category',
    'priority',
    'dueDate',
    'visibility',
  ],
  // A task is named by its title; the customer or contact it names narrows which task is meant.
  update_task: [
    'title',
    'customer',
    'contact',
    'opportunity',
    'assignee',
    'priority',
    'dueDate',
    'status',
    'progress',
    'visibility',
  ],
  complete_task: ['title', 'customer', 'contact', 'opportunity'],
  create_opportunity: ['customer', 'contact', 'opportunity', 'amount', 'stage', 'closeDate'],
  update_opportunity: ['customer', 'opportunity', 'amount', 'stage', 'closeDate'],
  query_tasks: ['period', 'assignee', 'priority', 'status', 'customer', 'contact', 'category'],
  query_pipeline: ['period', 'stage', 'assignee', 'amount'],
  query_opportunity: ['customer', 'opportunity', 'stage'],
  // "has anyone talked to Globex this month?": who, how and when narrow the account's history.
  query_customer: ['customer', 'contact', 'interactionType', 'period', 'assignee'],
  query_performance: ['period', 'assignee', 'metric'],
  query_goals: ['period', 'assignee', 'metric'],
  set_goal: ['metric', 'target', 'period', 'assignee'],
  set_reminder: [
    'title',
    'remindAt',
    'dueDate',
    'customer',
    'contact',
    'opportunity',
    'assignee',
    'visibility',
  ],
  help: [],
  undo: [],
  cancel: [],
  unknown: [],
};

/** Intents that take the customer named earlier in the same message when they name none. */
export const INHERITS_CUSTOMER = new Set<Intent>([
  'create_task',
  'set_reminder',
  'update_opportunity',
  'create_opportunity',
  'log_interaction',
  // "who owns acme and is it in negotiation?"
  'query_opportunity',
  'query_customer',
]);

/** The question a change intent becomes when the clause asks instead of tells. */
export const ASKED: Partial<Record<Intent, Intent>> = {
  log_interaction: 'query_customer',
  create_task: 'query_tasks',
  update_task: 'query_tasks',
  complete_task: 'query_tasks',
  set_reminder: 'query_tasks',
  create_opportunity: 'query_opportunity',
  update_opportunity: 'query_opportunity',
  set_goal: 'query_goals',
};
