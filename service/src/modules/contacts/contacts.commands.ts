import { recordChange } from '../../core/events/record-change.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { assertAssignable } from '../../core/identity/record-scope.js';
import type { CommandInput } from '../../core/module/module.js';
import { checkCustomFields } from '../custom-fields/custom-fields.commands.js';
import { presentContact } from './contacts.presenter.js';
import * as repo from './contacts.repo.js';
import type { ContactRole, CreateContactInput, UpdateContactInput } from './contacts.schema.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { CONTACT_PERMISSIONS } from './contacts.policy.js';

type Command = CommandInput;

/** A contact with its links to the customers the actor sees: what every contact command returns. */
export interface ContactWithCustomers {
  contact: repo.ContactRow;
  customers: repo.ContactLink[];
}

export interface ContactPage {
  items: ContactWithCustomers[];
  nextCursor: string | null;
}

async function withCustomers(tx: Tx, actor: TenantActor, contact: repo.ContactRow) {
  return { contact, customers: (await repo.linksOf(tx, actor, [contact.id])).get(contact.id) ?? [] };
}

/** What a command just wrote, as the actor sees it (even when the change took it out of their sight). */
async function written(tx: Tx, actor: TenantActor, contactId: string): Promise<ContactWithCustomers> {
  return withCustomers(tx, actor, (await repo.findById(tx, contactId))!);
}

/** A contact the actor may see; 404 otherwise (in another organization, out of scope, or deleted). */
async function visibleContact(
  tx: Tx,
  actor: TenantActor,
  id: string,
  options: { trash?: boolean; forUpdate?: boolean } = {},
): Promise<repo.ContactRow> {
  const contact = await repo.findVisible(tx, actor, id, options);
  if (!contact) throw AppError.notFound('Contact');
  return contact;
}

export async function listContacts({
  actor,
  tx,
  cursor,
  deleted,
  ...filter
}: Command &
  Omit<repo.ContactFilter, 'after' | 'trash'> & {
    cursor?: string | undefined;
    deleted?: boolean | undefined;
  }): Promise<ContactPage> {
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  const rows = await repo.listVisible(tx, actor, { ...filter, after, trash: deleted ?? false });
  const page = pageFrom(rows, filter.limit, (row) => [row.name.toLowerCase(), row.id]);
  const links = await repo.linksOf(
    tx,
    actor,
    page.items.map((contact) => contact.id),
  );
  return {
    items: page.items.map((contact) => ({ contact, customers: links.get(contact.id) ?? [] })),
    nextCursor: page.nextCursor,
  };
}

export async function getContact({ actor, tx, contactId }: Command & { contactId: string }) {
  return withCustomers(tx, actor, await visibleContact(tx, actor, contactId));
}

type Links = { customerId: string; role: ContactRole }[];

/** The owner (in the actor's scope) and the customers (ones the actor sees) a contact is given. */
async function checkReferences(
  tx: Tx,
  actor: TenantActor,
  input: { ownerId?: string | undefined; customers?: Links | undefined },
): Promise<void> {
  if (input.ownerId !== undefined && input.ownerId !== actor.userId)
    await assertAssignable(tx, actor, input.ownerId, 'body.ownerId');
  const links = input.customers ?? [];
  const visible = await repo.visibleCustomerIds(
    tx,
    actor,
    links.map((link) => link.customerId),
  );
  const errors = links.flatMap((link, index) =>
    visible.has(link.customerId)
      ? []
      : [{ path: `body.customers.${index}.customerId`, message: 'no such customer' }],
  );
  if (errors.length) throw AppError.validation(errors);
}

/** Creates a contact; the creator owns it unless they give it to someone in their scope. */
export async function createContact({
  actor,
  tx,
  customers: links,
  ...input
}: Command & CreateContactInput): Promise<ContactWithCustomers> {
  assertAllowed(actor, CONTACT_PERMISSIONS, 'create');
  await checkReferences(tx, actor, { ownerId: input.ownerId, customers: links });
  const customFields = await checkCustomFields(tx, 'contact', input.customFields);
  const created = await repo.insertContact(tx, {
    ...input,
    tenantId: actor.tenantId,
    ownerId: input.ownerId ?? actor.userId,
    customFields,
    createdBy: actor.userId,
  });
  await repo.replaceVisibleLinks(tx, actor, {
    tenantId: actor.tenantId,
    contactId: created.id,
    links: links ?? [],
  });
  const result = await written(tx, actor, created.id);
  await recordChange(tx, actor.tenantId, {
    name: 'contact.created',
    record: { type: 'contact', id: created.id },
    after: { ...result.contact, customers: links ?? [] },
    payload: {
      id: created.id,
      name: created.name,
      ownerId: created.ownerId,
      customerIds: (links ?? []).map((link) => link.customerId),
    },
  });
  return result;
}

/** Changes a contact; `customers` replaces its links (to the customers the actor sees). */
export async function updateContact({
  actor,
  tx,
  contactId,
  version,
  customers: links,
  ...change
}: Command & UpdateContactInput & { contactId: string }): Promise<ContactWithCustomers> {
  const before = await withCustomers(tx, actor, await visibleContact(tx, actor, contactId));
  await checkReferences(tx, actor, { ownerId: change.ownerId, customers: links });
  const customFields =
    change.customFields === undefined
      ? undefined
      : await checkCustomFields(tx, 'contact', change.customFields, before.contact.customFields);
  // Links are the contact's too: changing only them still bumps the version.
  const updated = await repo.updateContact(
    tx,
    { id: contactId, version },
    { ...change, ...(customFields && { customFields }) },
  );
  if (!updated) throw AppError.staleVersion(presentContact(before.contact, before.customers));
  if (links) await repo.replaceVisibleLinks(tx, actor, { tenantId: actor.tenantId, contactId, links });
  const after = await written(tx, actor, contactId);
  await recordChange(tx, actor.tenantId, {
    name: 'contact.updated',
    record: { type: 'contact', id: contactId },
    before: { ...before.contact, customers: before.customers },
    after: { ...after.contact, customers: after.customers },
    payload: {
      id: contactId,
      name: updated.name,
      ownerId: updated.ownerId,
      changed: [...Object.keys(change), ...(links ? ['customers'] : [])],
    },
  });
  return after;
}

/** Moves a contact to the trash; its links, interactions and documents stay for a restore. */
export async function deleteContact({ actor, tx, contactId }: Command & { contactId: string }) {
  assertAllowed(actor, CONTACT_PERMISSIONS, 'delete');
  const before = await visibleContact(tx, actor, contactId, { forUpdate: true });
  const deleted = await repo.updateContact(
    tx,
    { id: contactId, version: before.version },
    { deletedAt: new Date(), deletedBy: actor.userId },
  );
  await recordChange(tx, actor.tenantId, {
    name: 'contact.deleted',
    record: { type: 'contact', id: contactId },
    before,
    after: deleted ?? null,
    payload: { id: contactId, name: before.name, ownerId: before.ownerId },
  });
}

/** Brings a contact back from the trash (within 30 days); a merged one lives on in its target. */
export async function restoreContact({
  actor,
  tx,
  contactId,
}: Command & { contactId: string }): Promise<ContactWithCustomers> {
  const before = await visibleContact(tx, actor, contactId, { trash: true, forUpdate: true });
  if (before.mergedIntoId) {
    throw new AppError('contact_merged', {
      message: `This contact was merged into ${before.mergedIntoId}`,
      extensions: { mergedIntoId: before.mergedIntoId },
    });
  }
  const restored = await repo.updateContact(
    tx,
    { id: contactId, version: before.version },
    { deletedAt: null, deletedBy: null },
  );
  await recordChange(tx, actor.tenantId, {
    name: 'contact.restored',
    record: { type: 'contact', id: contactId },
    before,
    after: restored ?? null,
    payload: { id: contactId, name: before.name, ownerId: before.ownerId },
  });
  return written(tx, actor, contactId);
}

/** Values of all lists in order, each once (emails compare ignoring case). */
const union = (lists: string[][], key: (value: string) => string = (value) => value) => [
  ...new Map(lists.flat().map((value) => [key(value), value] as const)).values(),
];

/**
 * Merges duplicates into one contact: the sources' customer links (the stronger role wins),
 * interaction participation and documents move to the target, their emails and phones join the
 * target's, and the sources go to the trash marked as merged. Every contact must be one the actor sees.
 */
export async function mergeContacts({
  actor,
  tx,
  targetId,
  sourceIds,
}: Command & { targetId: string; sourceIds: string[] }): Promise<ContactWithCustomers> {
  const itself = sourceIds.indexOf(targetId);
  if (itself >= 0) {
    throw AppError.validation([
      { path: `body.sourceIds.${itself}`, message: 'cannot merge a contact into itself' },
    ]);
  }
  const found = await repo.findManyVisible(tx, actor, [targetId, ...sourceIds]);
  const byId = new Map(found.map((contact) => [contact.id, contact]));
  const target = byId.get(targetId);
  if (!target) throw AppError.validation([{ path: 'body.targetId', message: 'no such contact' }]);
  const missing = sourceIds.findIndex((id) => !byId.has(id));
  if (missing >= 0) {
    throw AppError.validation([{ path: `body.sourceIds.${missing}`, message: 'no such contact' }]);
  }
  const sources = sourceIds.map((id) => byId.get(id)!);
  const before = await written(tx, actor, targetId);
  await repo.moveDependents(tx, targetId, sourceIds);
  const updated = await repo.updateContact(
    tx,
    { id: targetId, version: target.version },
    {
      emails: union([target.emails, ...sources.map((source) => source.emails)], (e) => e.toLowerCase()),
      phones: union([target.phones, ...sources.map((source) => source.phones)]),
      // The target's own values win; the sources fill what it lacks.
      customFields: Object.assign(
        {},
        ...sources.map((source) => source.customFields),
        target.customFields,
      ) as Record<string, unknown>,
    },
  );
  const now = new Date();
  for (const source of sources) {
    const merged = await repo.updateContact(
      tx,
      { id: source.id, version: source.version },
      { mergedIntoId: targetId, deletedAt: now, deletedBy: actor.userId },
    );
    await recordAudit(tx, actor.tenantId, {
      action: 'contact.merged_into',
      entityType: 'contact',
      entityId: source.id,
      before: source,
      after: merged ?? null,
    });
  }
  const after = await written(tx, actor, targetId);
  await recordChange(tx, actor.tenantId, {
    name: 'contact.merged',
    record: { type: 'contact', id: targetId },
    before: { target: { ...before.contact, customers: before.customers }, sources },
    after: { ...(updated ?? after.contact), customers: after.customers },
    payload: {
      id: targetId,
      name: target.name,
      mergedIds: sourceIds,
      mergedNames: sources.map((source) => source.name),
    },
  });
  return after;
}
