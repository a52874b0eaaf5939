import { recordChange } from '../../core/events/record-change.js';
import type { Tx } from '../../core/db/database.js';
import { AppError, type FieldError } from '../../core/errors/app-error.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAssignable } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { checkCustomFields } from '../custom-fields/custom-fields.commands.js';
import { presentInteraction } from './interactions.presenter.js';
import * as repo from './interactions.repo.js';
import type { LogInteractionInput, UpdateInteractionInput } from './interactions.schema.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { INTERACTION_PERMISSIONS } from './interactions.policy.js';

type Command = CommandInput;

/** An interaction with who took part: what every interaction command returns. */
export interface InteractionWithParticipants {
  interaction: repo.InteractionRow;
  participants: repo.Participants;
}

export interface InteractionPage {
  items: InteractionWithParticipants[];
  nextCursor: string | null;
}

async function withParticipants(tx: Tx, interaction: repo.InteractionRow) {
  const participants = (await repo.participantsOf(tx, [interaction.id])).get(interaction.id)!;
  return { interaction, participants };
}

/** What a command just wrote (even when the change took it out of the actor's sight). */
async function written(tx: Tx, interactionId: string): Promise<InteractionWithParticipants> {
  return withParticipants(tx, (await repo.findById(tx, interactionId))!);
}

/** An interaction the actor may see; 404 otherwise. With `change`, one they may change (403 if not). */
async function visibleInteraction(
  tx: Tx,
  actor: TenantActor,
  id: string,
  options: { trash?: boolean; change?: boolean } = {},
) {
  const interaction = await repo.findVisible(tx, actor, id, { ...options, forUpdate: options.change });
  if (!interaction) throw AppError.notFound('Interaction');
  if (options.change && !interaction.changeable) {
    throw AppError.forbidden('Only its owner, or someone whose record scope holds the owner, may change it');
  }
  const { changeable: _changeable, ...row } = interaction;
  return row;
}

export async function listInteractions({
  actor,
  tx,
  cursor,
  deleted,
  ...filter
}: Command &
  Omit<repo.InteractionFilter, 'after' | 'trash'> & {
    cursor?: string | undefined;
    deleted?: boolean | undefined;
  }): Promise<InteractionPage> {
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  if (after && (Number.isNaN(Date.parse(after[0])) || !/^[0-9a-f-]{36}$/.test(after[1])))
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  const rows = await repo.listVisible(tx, actor, { ...filter, after, trash: deleted ?? false });
  const page = pageFrom(rows, filter.limit, (row) => [row.occurredAt.toISOString(), row.id]);
  const participants = await repo.participantsOf(
    tx,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((interaction) => ({
      interaction,
      participants: participants.get(interaction.id)!,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getInteraction({ actor, tx, interactionId }: Command & { interactionId: string }) {
  return withParticipants(tx, await visibleInteraction(tx, actor, interactionId));
}

type References = Pick<LogInteractionInput, 'customerId' | 'opportunityId' | 'participants' | 'ownerId'>;

/**
 * Checks what an interaction refers to and settles its customer: a customer and an opportunity the
 * actor sees (and the opportunity at that customer; alone, it gives the customer), contacts the actor
 * sees, members of the organization, and an owner in the actor's scope. `current` is the interaction
 * being changed: references it already holds are not checked again.
 */
async function checkReferences(
  tx: Tx,
  actor: TenantActor,
  input: References,
  current?: { customerId: string | null; opportunityId: string | null },
): Promise<{ customerId: string | null; opportunityId: string | null }> {
  const errors: FieldError[] = [];
  const customerId = input.customerId === undefined ? (current?.customerId ?? null) : input.customerId;
  const opportunityId =
    input.opportunityId === undefined ? (current?.opportunityId ?? null) : input.opportunityId;
  if (input.customerId && !(await repo.findVisibleCustomer(tx, actor, input.customerId)))
    errors.push({ path: 'body.customerId', message: 'no such customer' });
  let customerOfOpportunity: string | undefined;
  if (input.opportunityId) {
    customerOfOpportunity = (await repo.findVisibleOpportunity(tx, actor, input.opportunityId))?.customerId;
    if (!customerOfOpportunity) errors.push({ path: 'body.opportunityId', message: 'no such opportunity' });
  } else if (opportunityId) {
    customerOfOpportunity = await repo.customerOfOpportunity(tx, opportunityId);
  }
  const settledCustomer =
    input.customerId === undefined && input.opportunityId ? (customerOfOpportunity ?? null) : customerId;
  if (customerOfOpportunity && settledCustomer !== customerOfOpportunity && !errors.length)
    errors.push({ path: 'body.opportunityId', message: 'belongs to another customer' });
  errors.push(...(await participantErrors(tx, actor, input.participants)));
  if (errors.length) throw AppError.validation(errors);
  if (input.ownerId !== undefined && input.ownerId !== actor.userId)
    await assertAssignable(tx, actor, input.ownerId, 'body.ownerId');
  return { customerId: settledCustomer, opportunityId };
}

async function participantErrors(
  tx: Tx,
  actor: TenantActor,
  participants: repo.Participants | undefined,
): Promise<FieldError[]> {
  if (!participants) return [];
  const contacts = await repo.visibleContactIds(tx, actor, participants.contactIds);
  const members = await repo.memberIds(tx, participants.userIds);
  return [
    ...participants.contactIds.flatMap((id, index) =>
      contacts.has(id) ? [] : [{ path: `body.participants.contactIds.${index}`, message: 'no such contact' }],
    ),
    ...participants.userIds.flatMap((id, index) =>
      members.has(id)
        ? []
        : [{ path: `body.participants.userIds.${index}`, message: 'no such user in this organization' }],
    ),
  ];
}

/** What handlers of `interaction.logged` (notifications, timelines, predictions) are told. */
function loggedPayload(row: repo.InteractionRow) {
  return {
    id: row.id,
    type: row.type,
    outcome: row.outcome,
    customerId: row.customerId,
    customerName: row.customerName,
    opportunityId: row.opportunityId,
    opportunityName: row.opportunityName,
    ownerId: row.ownerId,
    occurredAt: row.occurredAt.toISOString(),
    summary: row.summary,
  };
}

/**
 * Logs a call, meeting, email, demo, note or message: the actor's own unless a manager or admin gives
 * it to someone in their scope. The command the chat assistant calls when a rep says what happened.
 */
export async function logInteraction({
  actor,
  tx,
  participants,
  ...input
}: Command & LogInteractionInput): Promise<InteractionWithParticipants> {
  assertAllowed(actor, INTERACTION_PERMISSIONS, 'log');
  const settled = await checkReferences(tx, actor, { ...input, participants });
  const customFields = await checkCustomFields(tx, 'interaction', input.customFields);
  const created = await repo.insertInteraction(tx, {
    ...input,
    ...settled,
    tenantId: actor.tenantId,
    occurredAt: input.occurredAt ?? new Date(),
    ownerId: input.ownerId ?? actor.userId,
    customFields,
  });
  if (participants)
    await repo.replaceParticipants(tx, { tenantId: actor.tenantId, interactionId: created.id, participants });
  const result = await written(tx, created.id);
  await recordChange(tx, actor.tenantId, {
    name: 'interaction.logged',
    record: { type: 'interaction', id: created.id },
    after: { ...created, participants: result.participants },
    payload: loggedPayload(result.interaction),
  });
  return result;
}

/** Changes an interaction (its owner's, or in the actor's scope); `participants` replaces both lists. */
export async function updateInteraction({
  actor,
  tx,
  interactionId,
  version,
  participants,
  ...change
}: Command & UpdateInteractionInput & { interactionId: string }): Promise<InteractionWithParticipants> {
  const before = await withParticipants(
    tx,
    await visibleInteraction(tx, actor, interactionId, { change: true }),
  );
  const settled = await checkReferences(tx, actor, { ...change, participants }, before.interaction);
  const customFields =
    change.customFields === undefined
      ? undefined
      : await checkCustomFields(tx, 'interaction', change.customFields, before.interaction.customFields);
  const updated = await repo.updateInteraction(
    tx,
    { id: interactionId, version },
    { ...change, ...settled, ...(customFields && { customFields }) },
  );
  if (!updated) throw AppError.staleVersion(presentInteraction(before.interaction, before.participants));
  if (participants)
    await repo.replaceParticipants(tx, { tenantId: actor.tenantId, interactionId, participants });
  const after = await written(tx, interactionId);
  await recordChange(tx, actor.tenantId, {
    name: 'interaction.updated',
    record: { type: 'interaction', id: interactionId },
    before: { ...before.interaction, participants: before.participants },
    after: { ...updated, participants: after.participants },
    payload: {
      ...loggedPayload(after.interaction),
      changed: [...Object.keys(change), ...(participants ? ['participants'] : [])],
    },
  });
  return after;
}

/** Moves an interaction to the trash (restorable for 30 days). */
export async function deleteInteraction({ actor, tx, interactionId }: Command & { interactionId: string }) {
  assertAllowed(actor, INTERACTION_PERMISSIONS, 'delete');
  const before = await visibleInteraction(tx, actor, interactionId, { change: true });
  const deleted = await repo.updateInteraction(
    tx,
    { id: interactionId, version: before.version },
    { deletedAt: new Date(), deletedBy: actor.userId },
  );
  await recordChange(tx, actor.tenantId, {
    name: 'interaction.deleted',
    record: { type: 'interaction', id: interactionId },
    before,
    after: deleted ?? null,
    payload: { id: interactionId, type: before.type, customerId: before.customerId, ownerId: before.ownerId },
  });
}

/** Brings an interaction back from the trash (within 30 days of its deletion). */
export async function restoreInteraction({
  actor,
  tx,
  interactionId,
}: Command & { interactionId: string }): Promise<InteractionWithParticipants> {
  const before = await visibleInteraction(tx, actor, interactionId, { trash: true, change: true });
  const restored = await repo.updateInteraction(
    tx,
    { id: interactionId, version: before.version },
    { deletedAt: null, deletedBy: null },
  );
  const result = await written(tx, interactionId);
  await recordChange(tx, actor.tenantId, {
    name: 'interaction.restored',
    record: { type: 'interaction', id: interactionId },
    before,
    after: restored ?? null,
    payload: loggedPayload(result.interaction),
  });
  return result;
}
