export { CONFIRM_BELOW, parse, parseUnguarded, warmUp } from './parse.js';
export { READ_ONLY } from './slots.js';
export { fromLocal } from './time/zone.js';
export type {
  Command,
  Entities,
  EntityName,
  Intent,
  InteractionType,
  KnownNames,
  KnownUser,
  Metric,
  Money,
  Outcome,
  ParseContext,
  ParseResult,
  Period,
  Priority,
  ResolvedEntityName,
  TaskCategory,
  TaskStatus,
  Visibility,
} from './types.js';
