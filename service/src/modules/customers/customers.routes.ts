import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageQuery } from '../../core/http/cursor.js';
import { pageOf } from '../../core/http/page.js';
import { queryObject } from '../../core/http/query.js';
import { customerTimeline, TimelinePage } from '../../use-cases/customer-timeline.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './customers.commands.js';
import { CUSTOMER_PERMISSIONS } from './customers.policy.js';
import { presentCustomer } from './customers.presenter.js';
import {
  CreateCustomerBody,
  CustomerListQuery,
  CustomerOut,
  MergeCustomersBody,
  UpdateCustomerBody,
} from './customers.schema.js';

export function customerRoutes(): ApiRoute[] {
  const tags = ['Customers'];
  const notFound = { description: 'No such customer (or not yours to see)' };
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/customers',
      summary: 'List the customers you may see, by name',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.list,
      request: { query: CustomerListQuery },
      responses: { 200: { description: 'Customers', schema: pageOf(CustomerOut) } },
      handler: async ({ actor, tx, query }) => {
        const page = await commands.listCustomers({ actor, tx, ...query });
        return { body: { items: page.items.map(presentCustomer), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/customers',
      summary: 'Create a customer (yours unless you assign it)',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.create,
      request: { body: CreateCustomerBody },
      responses: { 201: { description: 'Created', schema: CustomerOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentCustomer(await commands.createCustomer({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/customers/merge',
      summary: 'Merge duplicate customers into one, keeping all their history',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.merge,
      request: { body: MergeCustomersBody },
      responses: { 200: { description: 'The merged customer', schema: CustomerOut } },
      handler: async ({ actor, tx, body }) => ({
        body: presentCustomer(await commands.mergeCustomers({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/customers/:id',
      summary: 'Read a customer',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The customer', schema: CustomerOut }, 404: notFound },
      handler: async ({ actor, tx, params }) => ({
        body: presentCustomer(await commands.getCustomer({ actor, tx, customerId: params.id })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/customers/:id',
      summary: 'Change a customer (or assign it to someone)',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.update,
      request: { params: IdParams, body: UpdateCustomerBody },
      responses: {
        200: { description: 'Updated', schema: CustomerOut },
        404: notFound,
        409: { description: 'Stale version: the current record is in `current`' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: presentCustomer(await commands.updateCustomer({ actor, tx, customerId: params.id, ...body })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/customers/:id',
      summary: 'Move a customer to the trash (restorable for 30 days)',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'In the trash' }, 404: notFound },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteCustomer({ actor, tx, customerId: params.id });
        return {};
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/customers/:id/restore',
      summary: 'Bring a customer back from the trash',
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.restore,
      request: { params: IdParams },
      responses: { 200: { description: 'Restored', schema: CustomerOut }, 404: notFound },
      handler: async ({ actor, tx, params }) => ({
        body: presentCustomer(await commands.restoreCustomer({ actor, tx, customerId: params.id })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/customers/:id/timeline',
      summary: "A customer's 360 view: interactions, notes, stage changes and documents, newest first",
      tags,
      access: 'tenant',
      permissions: CUSTOMER_PERMISSIONS.read,
      request: { params: IdParams, query: queryObject(pageQuery) },
      responses: { 200: { description: 'A page of the timeline', schema: TimelinePage }, 404: notFound },
      handler: async ({ actor, tx, params, query }) => ({
        body: await customerTimeline({ actor, tx, customerId: params.id, ...query }),
      }),
    }),
  ];
}
