import { recordChange } from '../../core/events/record-change.js';
import type { Tx } from '../../core/db/database.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAssignable } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { checkCustomFields } from '../custom-fields/custom-fields.commands.js';
import { presentCustomer } from './customers.presenter.js';
import * as repo from './customers.repo.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './customers.schema.js';
import type { Customer } from './customers.tables.js';

type Command = CommandInput;

export interface CustomerPage {
  items: repo.CustomerRow[];
  nextCursor: string | null;
}

/** A customer the actor may see; 404 otherwise (in another organization, out of scope, or deleted). */
export async function visibleCustomer(
  tx: Tx,
  actor: TenantActor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<repo.CustomerRow> {
  const customer = await repo.findVisible(tx, actor, id, options);
  if (!customer) throw AppError.notFound('Customer');
  return customer;
}

/** A customer the actor may change: seen only through a deal of theirs is 403 (they know it exists). */
async function changeableCustomer(
  tx: Tx,
  actor: TenantActor,
  id: string,
  options: { trash?: boolean } = {},
): Promise<repo.CustomerRow> {
  const customer = await visibleCustomer(tx, actor, id, { ...options, forUpdate: true });
  if (!customer.mayChange) {
    throw AppError.forbidden(
      "You see this customer through a deal of yours; only its owner's side can change it",
    );
  }
  return customer;
}

export async function listCustomers({
  actor,
  tx,
  cursor,
  deleted,
  ...filter
}: Command &
  Omit<repo.CustomerFilter, 'after' | 'trash'> & {
    cursor?: string | undefined;
    deleted?: boolean | undefined;
  }): Promise<CustomerPage> {
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  const rows = await repo.listVisible(tx, actor, { ...filter, after, trash: deleted ?? false });
  return pageFrom(rows, filter.limit, (row) => [row.name.toLowerCase(), row.id]);
}

export function getCustomer({ actor, tx, customerId }: Command & { customerId: string }) {
  return visibleCustomer(tx, actor, customerId);
}

/** Checks the references a customer carries: the owner (in the actor's scope) and the team. */
async function checkReferences(
  tx: Tx,
  actor: TenantActor,
  input: { ownerId?: string | undefined; teamId?: string | null | undefined },
): Promise<void> {
  if (input.ownerId !== undefined && input.ownerId !== actor.userId)
    await assertAssignable(tx, actor, input.ownerId, 'body.ownerId');
  if (input.teamId && !(await repo.teamExists(tx, input.teamId)))
    throw AppError.validation([{ path: 'body.teamId', message: 'no such team in this organization' }]);
}

/** Creates a customer; the creator owns it unless they give it to someone in their scope. */
export async function createCustomer({
  actor,
  tx,
  ...input
}: Command & CreateCustomerInput): Promise<repo.CustomerRow> {
  await checkReferences(tx, actor, input);
  const customFields = await checkCustomFields(tx, 'customer', input.customFields);
  const created = await repo.insertCustomer(tx, {
    ...input,
    tenantId: actor.tenantId,
    ownerId: input.ownerId ?? actor.userId,
    customFields,
    createdBy: actor.userId,
  });
  await recordChange(tx, actor.tenantId, {
    name: 'customer.created',
    record: { type: 'customer', id: created.id },
    after: created,
    payload: { id: created.id, name: created.name, ownerId: created.ownerId },
  });
  return visibleCustomer(tx, actor, created.id);
}

/** Changes a customer; a new owner is an assignment (its own event, so the new owner is told). */
export async function updateCustomer({
  actor,
  tx,
  customerId,
  version,
  ...change
}: Command & UpdateCustomerInput & { customerId: string }): Promise<repo.CustomerRow> {
  const before = await changeableCustomer(tx, actor, customerId);
  await checkReferences(tx, actor, change);
  const customFields =
    change.customFields === undefined
      ? undefined
      : await checkCustomFields(tx, 'customer', change.customFields, before.customFields);
  const updated = await repo.updateCustomer(
    tx,
    { id: customerId, version },
    { ...change, ...(customFields && { customFields }) },
  );
  if (!updated) throw AppError.staleVersion(presentCustomer(before));
  const record = { type: 'customer', id: customerId };
  await recordChange(tx, actor.tenantId, {
    name: 'customer.updated',
    record,
    before,
    after: updated,
    payload: { id: customerId, name: updated.name, changed: Object.keys(change) },
  });
  if (updated.ownerId !== before.ownerId) {
    await recordChange(tx, actor.tenantId, {
      name: 'customer.assigned',
      record,
      before: { ownerId: before.ownerId },
      after: { ownerId: updated.ownerId },
      payload: { id: customerId, name: updated.name, fromOwnerId: before.ownerId, ownerId: updated.ownerId },
    });
  }
  return visibleCustomer(tx, actor, customerId);
}

/** Moves a customer to the trash; its deals and history stay, and restore brings it back. */
export async function deleteCustomer({ actor, tx, customerId }: Command & { customerId: string }) {
  const before = await changeableCustomer(tx, actor, customerId);
  const at = new Date();
  const deleted = await repo.updateCustomer(
    tx,
    { id: customerId, version: before.version },
    { deletedAt: at, deletedBy: actor.userId },
  );
  // Its deals and interactions go with it (a deal of no visible customer would be a ghost), and come
  // back with it on a restore.
  const opportunityIds = await repo.trashDependents(tx, customerId, at, actor.userId);
  await recordChange(tx, actor.tenantId, {
    name: 'customer.deleted',
    record: { type: 'customer', id: customerId },
    before,
    after: deleted ? { ...deleted, trashedOpportunityIds: opportunityIds } : null,
    payload: { id: customerId, name: before.name, ownerId: before.ownerId, opportunityIds },
  });
}

/** Brings a customer back from the trash (within 30 days of its deletion). */
export async function restoreCustomer({
  actor,
  tx,
  customerId,
}: Command & { customerId: string }): Promise<repo.CustomerRow> {
  const before = await changeableCustomer(tx, actor, customerId, { trash: true });
  if (before.mergedIntoId) {
    throw new AppError('customer_merged', {
      message: `This customer was merged into ${before.mergedIntoId}; its history lives on there`,
      extensions: { mergedIntoId: before.mergedIntoId },
    });
  }
  const restored = await repo.updateCustomer(
    tx,
    { id: customerId, version: before.version },
    { deletedAt: null, deletedBy: null },
  );
  const opportunityIds = before.deletedAt
    ? await repo.restoreDependents(tx, customerId, before.deletedAt)
    : [];
  await recordChange(tx, actor.tenantId, {
    name: 'customer.restored',
    record: { type: 'customer', id: customerId },
    before,
    after: restored ?? null,
    payload: { id: customerId, name: before.name, ownerId: before.ownerId, opportunityIds },
  });
  return visibleCustomer(tx, actor, customerId);
}

/**
 * Merges duplicates into one customer: the sources' deals, interactions, documents and contact links
 * move to the target (history kept), their domains and tags join the target's, and the sources go to
 * the trash marked as merged. Every record must be one the actor may see and change.
 */
export async function mergeCustomers({
  actor,
  tx,
  targetId,
  sourceIds,
}: Command & { targetId: string; sourceIds: string[] }): Promise<repo.CustomerRow> {
  const sources = [...new Set(sourceIds)];
  if (sources.includes(targetId)) {
    throw AppError.validation([{ path: 'body.sourceIds', message: 'cannot merge a customer into itself' }]);
  }
  const found = await repo.findManyVisible(tx, actor, [targetId, ...sources]);
  const byId = new Map(found.map((customer) => [customer.id, customer]));
  const target = byId.get(targetId);
  if (!target) throw AppError.validation([{ path: 'body.targetId', message: 'no such customer' }]);
  const missing = sources.findIndex((id) => !byId.has(id));
  if (missing >= 0) {
    throw AppError.validation([{ path: `body.sourceIds.${missing}`, message: 'no such customer' }]);
  }
  const merged = sources.map((id) => byId.get(id)!);
  const unchangeable = [target, ...merged].find((customer) => !customer.mayChange);
  if (unchangeable) throw AppError.forbidden(`You may not change ${unchangeable.name}`);
  // What the target lacks, the first source that has it fills.
  const firstOf = <K extends keyof repo.CustomerRow>(key: K) =>
    target[key] ?? merged.find((customer) => customer[key] !== null)?.[key] ?? null;
  await repo.moveDependents(tx, targetId, sources);
  const union = (values: string[][]) => [...new Set(values.flat())];
  const updated = await repo.updateCustomer(
    tx,
    { id: targetId, version: target.version },
    {
      domains: union([target.domains, ...merged.map((customer) => customer.domains)]),
      industry: firstOf('industry'),
      sizeBand: firstOf('sizeBand'),
      annualRevenue: firstOf('annualRevenue'),
      revenueCurrency: firstOf('revenueCurrency'),
      country: firstOf('country'),
      teamId: firstOf('teamId'),
      tags: union([target.tags, ...merged.map((customer) => customer.tags)]),
      // The target's own values win; a source fills what the target lacks.
      customFields: {
        ...Object.fromEntries(merged.flatMap((customer) => Object.entries(customer.customFields))),
        ...target.customFields,
      },
    },
  );
  for (const source of merged) {
    await repo.updateCustomer(
      tx,
      { id: source.id, version: source.version },
      { mergedIntoId: targetId, deletedAt: new Date(), deletedBy: actor.userId },
    );
  }
  await recordChange(tx, actor.tenantId, {
    name: 'customer.merged',
    record: { type: 'customer', id: targetId },
    before: { target, sources: merged },
    after: updated ?? null,
    payload: { id: targetId, name: target.name, mergedIds: sources, mergedNames: merged.map((c) => c.name) },
  });
  return visibleCustomer(tx, actor, targetId);
}

export type { Customer };
