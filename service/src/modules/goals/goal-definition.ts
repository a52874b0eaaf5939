/**
 * What makes a goal's definition valid: a target that fits its metric, a period with bounds, exactly
 * one owner the actor may set goals for. Every refusal is a 422 naming the field.
 */
import type { Tx } from '../../core/db/database.js';
import { AppError, type FieldError } from '../../core/errors/app-error.js';
import type { Actor } from '../../core/identity/actor.js';
import { calendarPeriod } from './goal-periods.js';
import { MONEY_METRICS } from './goal-progress.repo.js';
import * as repo from './goals.repo.js';
import type { GoalMetric, GoalPeriod } from './goals.tables.js';

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
/** A whole number; as read back from the decimal column it carries `.00`. */
const COUNT = /^\d{1,9}(\.0{1,2})?$/;

export interface GoalDefinition {
  metric: GoalMetric;
  interactionType: string | null;
  target: string;
  period: GoalPeriod;
  periodStart: Date;
  periodEnd: Date;
  ownerUserId: string | null;
  ownerTeamId: string | null;
}

export function targetErrors(metric: GoalMetric, target: string): FieldError[] {
  const money = (MONEY_METRICS as readonly string[]).includes(metric);
  const path = 'body.target';
  if (!(money ? MONEY : COUNT).test(target))
    return [
      {
        path,
        message: money
          ? 'must be an amount with at most 2 decimals, like 50000 or 1250.50'
          : 'must be a whole number, like 20',
      },
    ];
  return Number(target) > 0 ? [] : [{ path, message: 'must be greater than 0' }];
}

/**
 * The bounds of a period: a calendar period holds `start` (default now); a custom one runs from
 * `start` to `end`, both required.
 */
export function periodBounds(input: {
  period: GoalPeriod;
  start: Date | undefined;
  end: Date | undefined;
}): { start: Date; end: Date } | FieldError[] {
  if (input.period !== 'custom') {
    if (input.end) return [{ path: 'body.periodEnd', message: 'is only for custom periods' }];
    return calendarPeriod(input.period, input.start ?? new Date());
  }
  const errors: FieldError[] = [];
  if (!input.start) errors.push({ path: 'body.periodStart', message: 'is required for a custom period' });
  if (!input.end) errors.push({ path: 'body.periodEnd', message: 'is required for a custom period' });
  else if (input.start && input.end <= input.start)
    errors.push({ path: 'body.periodEnd', message: 'must be after periodStart' });
  return errors.length ? errors : { start: input.start!, end: input.end! };
}

/** Exactly one owner: 422 on the field at fault. */
export function ownerErrors(owner: { ownerUserId: string | null; ownerTeamId: string | null }): FieldError[] {
  if (owner.ownerUserId && owner.ownerTeamId)
    return [{ path: 'body.ownerTeamId', message: 'give either ownerUserId or ownerTeamId, not both' }];
  if (!owner.ownerUserId && !owner.ownerTeamId)
    return [{ path: 'body.ownerUserId', message: 'is required (or ownerTeamId, for a team goal)' }];
  return [];
}

/**
 * Checks that the actor may set goals for the owner: a person who is an active member (themselves or a
 * member of a team they manage, unless Org Admin), or a team (one they manage, unless Org Admin).
 */
export async function assertOwnerSettable(
  tx: Tx,
  actor: Actor,
  owner: { ownerUserId: string | null; ownerTeamId: string | null },
): Promise<void> {
  if (owner.ownerUserId) {
    const found = await repo.ownerUserCheck(tx, actor, owner.ownerUserId);
    const path = 'body.ownerUserId';
    if (!found)
      throw AppError.validation([{ path, message: 'is not an active member of this organization' }]);
    if (!found.inScope)
      throw AppError.validation([
        { path, message: 'you can only set goals for yourself and members of the teams you manage' },
      ]);
  }
  if (owner.ownerTeamId) {
    const found = await repo.ownerTeamCheck(tx, actor, owner.ownerTeamId);
    const path = 'body.ownerTeamId';
    if (!found) throw AppError.validation([{ path, message: 'no such team' }]);
    if (!found.inScope)
      throw AppError.validation([{ path, message: 'you can only set goals for the teams you manage' }]);
  }
}

/** What a definition is settled from: the period as given (a calendar period's end is computed). */
export type DefinitionInput = Omit<GoalDefinition, 'periodStart' | 'periodEnd'> & {
  periodStart: Date | undefined;
  periodEnd: Date | undefined;
};

/**
 * The definition with its period's bounds, when every field is valid; otherwise one 422 listing every
 * field at fault (target, interaction type, period, owner).
 */
export function settleDefinition(input: DefinitionInput): GoalDefinition {
  const bounds = periodBounds({ period: input.period, start: input.periodStart, end: input.periodEnd });
  const errors = [
    ...targetErrors(input.metric, input.target),
    ...(input.interactionType && input.metric !== 'interactions_logged'
      ? [{ path: 'body.interactionType', message: 'is only for the metric interactions_logged' }]
      : []),
    ...(Array.isArray(bounds) ? bounds : []),
    ...ownerErrors(input),
  ];
  if (errors.length || Array.isArray(bounds)) throw AppError.validation(errors);
  return { ...input, periodStart: bounds.start, periodEnd: bounds.end };
}
