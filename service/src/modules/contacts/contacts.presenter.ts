import type { ContactLink, ContactRow } from './contacts.repo.js';

export function presentContact(contact: ContactRow, links: ContactLink[]) {
  return {
    id: contact.id,
    name: contact.name,
    title: contact.title,
    emails: contact.emails,
    phones: contact.phones,
    notes: contact.notes,
    owner: { id: contact.ownerId, name: contact.ownerName },
    customers: links.map(({ customerId, name, role }) => ({ customerId, name, role })),
    customFields: contact.customFields,
    mergedIntoId: contact.mergedIntoId,
    deletedAt: contact.deletedAt?.toISOString() ?? null,
    version: contact.version,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}
export type ContactView = ReturnType<typeof presentContact>;
