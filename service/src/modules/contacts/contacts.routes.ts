import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import type { ModuleDeps } from '../../core/module/module.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './contacts.commands.js';
import { CONTACT_PERMISSIONS } from './contacts.policy.js';
import { presentContact } from './contacts.presenter.js';
import {
  ContactListQuery,
  ContactOut,
  CreateContactBody,
  MergeContactsBody,
  UpdateContactBody,
} from './contacts.schema.js';

const present = ({ contact, customers }: commands.ContactWithCustomers) => presentContact(contact, customers);

export function contactRoutes(_deps: ModuleDeps): ApiRoute[] {
  const tags = ['Contacts'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/contacts',
      summary: 'List the contacts you may see, by name (or the trash with ?deleted=true)',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.list,
      request: { query: ContactListQuery },
      responses: { 200: { description: 'Contacts', schema: pageOf(ContactOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listContacts({ actor, tx, ...query });
        return { body: { items: page.items.map(present), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/contacts',
      summary: 'Create a contact (yours unless you give it to someone in your scope)',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.create,
      request: { body: CreateContactBody },
      responses: { 201: { description: 'Created', schema: ContactOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.createContact({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/contacts/merge',
      summary: 'Merge duplicate contacts into one, keeping their links, interactions and documents',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.merge,
      request: { body: MergeContactsBody },
      responses: { 200: { description: 'The merged contact', schema: ContactOut } },
      handler: async ({ actor, tx, body }) => ({
        body: present(await commands.mergeContacts({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/contacts/:id',
      summary: 'Read a contact',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The contact', schema: ContactOut } },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.getContact({ actor, tx, contactId: params.id })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/contacts/:id',
      summary: 'Change a contact; `customers` replaces its customer links',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateContactBody },
      responses: {
        200: { description: 'Updated', schema: ContactOut },
        409: { description: 'Stale version (the current record is in `current`)' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updateContact({ actor, tx, contactId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/contacts/:id',
      summary: 'Move a contact to the trash (restorable for 30 days)',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteContact({ actor, tx, contactId: params.id });
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/contacts/:id/restore',
      summary: 'Bring a contact back from the trash',
      tags,
      access: 'tenant',
      permissions: CONTACT_PERMISSIONS.restore,
      request: { params: IdParams },
      responses: {
        200: { description: 'Restored', schema: ContactOut },
        409: { description: 'Merged into another contact' },
      },
      handler: async ({ actor, tx, params }) => ({
        body: present(await commands.restoreContact({ actor, tx, contactId: params.id })),
      }),
    }),
  ];
}
