import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './custom-fields.commands.js';
import { CUSTOM_FIELD_PERMISSIONS } from './custom-fields.policy.js';
import { presentCustomField } from './custom-fields.presenter.js';
import {
  CreateCustomFieldBody,
  CustomFieldOut,
  CustomFieldsQuery,
  UpdateCustomFieldBody,
} from './custom-fields.schema.js';

export function customFieldRoutes(): ApiRoute[] {
  const tags = ['Custom fields'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/custom-fields',
      summary: "List the organization's custom fields (of one kind of record with ?object=)",
      tags,
      access: 'tenant',
      permissions: CUSTOM_FIELD_PERMISSIONS.list,
      request: { query: CustomFieldsQuery },
      responses: { 200: { description: 'Custom fields, in order', schema: pageOf(CustomFieldOut) } },
      handler: async ({ actor, tx, query }) => ({
        body: {
          items: (await commands.listCustomFields({ actor, tx, ...query })).map(presentCustomField),
          nextCursor: null,
        },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/custom-fields',
      summary: 'Add a custom field to a kind of record',
      tags,
      access: 'tenant',
      permissions: CUSTOM_FIELD_PERMISSIONS.create,
      request: { body: CreateCustomFieldBody },
      responses: {
        201: { description: 'Created', schema: CustomFieldOut },
        409: { description: 'Key taken' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentCustomField(await commands.createCustomField({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/custom-fields/:id',
      summary: "Change a custom field's label, options, required flag or position",
      description: 'The key and type are fixed: giving them is a 422.',
      tags,
      access: 'tenant',
      permissions: CUSTOM_FIELD_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateCustomFieldBody },
      responses: {
        200: { description: 'Updated', schema: CustomFieldOut },
        409: { description: 'Stale version' },
      },
      handler: async ({ actor, tx, params, body: { key: _key, type: _type, ...change } }) => ({
        body: presentCustomField(
          await commands.updateCustomField({ actor, tx, customFieldId: params.id, ...change }),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/custom-fields/:id',
      summary: 'Delete a custom field',
      description: 'Records keep their values in storage, but they are no longer shown or checked.',
      tags,
      access: 'tenant',
      permissions: CUSTOM_FIELD_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteCustomField({ actor, tx, customFieldId: params.id });
        return {};
      },
    }),
  ];
}
