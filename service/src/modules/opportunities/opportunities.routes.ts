import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as currency from './currency-settings.commands.js';
import * as commands from './opportunities.commands.js';
import { CURRENCY_SETTINGS_PERMISSIONS, OPPORTUNITY_PERMISSIONS } from './opportunities.policy.js';
import {
  presentChange,
  presentCurrencySettings,
  presentOpportunity,
  presentSummary,
} from './opportunities.presenter.js';
import * as queries from './opportunities.queries.js';
import {
  CreateOpportunityBody,
  CurrencySettingsOut,
  HistoryQuery,
  MoveOpportunityBody,
  OpportunityHistoryPage,
  OpportunityListQuery,
  OpportunityOut,
  OpportunityPage,
  PipelineSummaryOut,
  PutCurrencySettingsBody,
  SummaryQuery,
  UpdateOpportunityBody,
} from './opportunities.schema.js';

const tags = ['Opportunities'];
const stale = { description: 'Stale version: the current opportunity is in `current`' };

function opportunityRoutes(): ApiRoute[] {
  const P = OPPORTUNITY_PERMISSIONS;
  return [
    defineRoute({
      tags,
      access: 'tenant',
      method: 'get',
      path: '/api/v1/opportunities',
      summary: 'List the opportunities you may see (or your trash), newest first',
      permissions: P.list,
      request: { query: OpportunityListQuery },
      responses: { 200: { description: 'A page of opportunities', schema: OpportunityPage } },
      handler: async ({ actor, tx, query }) => {
        const page = await queries.listOpportunities({ actor, tx, ...query });
        return { body: { items: page.items.map(presentOpportunity), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'post',
      path: '/api/v1/opportunities',
      summary: 'Create an opportunity (yours unless you give it to someone in your scope)',
      permissions: P.create,
      request: { body: CreateOpportunityBody },
      responses: { 201: { description: 'Created', schema: OpportunityOut } },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: presentOpportunity(await commands.createOpportunity({ actor, tx, ...body })),
      }),
    }),
    // Before /:id, which would otherwise take "summary" for an id.
    defineRoute({
      tags,
      access: 'tenant',
      method: 'get',
      path: '/api/v1/opportunities/summary',
      summary:
        'Deals per stage with totals in the base currency: every open deal; won and lost only those closed in the period (closedAfter/closedBefore, default the last 90 days)',
      permissions: P.list,
      request: { query: SummaryQuery },
      responses: { 200: { description: 'Totals per stage', schema: PipelineSummaryOut } },
      handler: async ({ actor, tx, query }) => ({
        body: presentSummary(await queries.pipelineSummary({ actor, tx, ...query })),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'get',
      path: '/api/v1/opportunities/:id',
      summary: 'Read an opportunity',
      permissions: P.read,
      request: { params: IdParams },
      responses: { 200: { description: 'The opportunity', schema: OpportunityOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentOpportunity(await queries.getOpportunity({ actor, tx, opportunityId: params.id })),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'patch',
      path: '/api/v1/opportunities/:id',
      summary: 'Change an opportunity (not its stage: POST /:id/stage)',
      permissions: P.update,
      request: { params: IdParams, body: UpdateOpportunityBody },
      responses: { 200: { description: 'Updated', schema: OpportunityOut }, 409: stale },
      handler: async ({ actor, tx, params, body }) => ({
        body: presentOpportunity(
          await commands.updateOpportunity({ actor, tx, opportunityId: params.id, ...body }),
        ),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'delete',
      path: '/api/v1/opportunities/:id',
      summary: 'Move an opportunity to the trash (restorable for 30 days)',
      permissions: P.delete,
      request: { params: IdParams },
      responses: { 204: { description: 'In the trash' } },
      handler: async ({ actor, tx, params }) => {
        await commands.deleteOpportunity({ actor, tx, opportunityId: params.id });
        return {};
      },
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'post',
      path: '/api/v1/opportunities/:id/restore',
      summary: 'Bring an opportunity back from the trash',
      permissions: P.restore,
      request: { params: IdParams },
      responses: { 200: { description: 'Restored', schema: OpportunityOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentOpportunity(await commands.restoreOpportunity({ actor, tx, opportunityId: params.id })),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'post',
      path: '/api/v1/opportunities/:id/stage',
      summary: 'Move an opportunity to another stage of its pipeline (won, lost or back open)',
      permissions: P.move,
      request: { params: IdParams, body: MoveOpportunityBody },
      responses: { 200: { description: 'Moved', schema: OpportunityOut }, 409: stale },
      handler: async ({ actor, tx, params, body }) => ({
        body: presentOpportunity(
          await commands.moveOpportunity({ actor, tx, opportunityId: params.id, ...body }),
        ),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'get',
      path: '/api/v1/opportunities/:id/history',
      summary: 'Stage moves and amount changes of an opportunity, newest first',
      permissions: P.read,
      request: { params: IdParams, query: HistoryQuery },
      responses: { 200: { description: 'A page of changes', schema: OpportunityHistoryPage } },
      handler: async ({ actor, tx, params, query }) => {
        const page = await queries.opportunityHistory({ actor, tx, opportunityId: params.id, ...query });
        return { body: { items: page.items.map(presentChange), nextCursor: page.nextCursor } };
      },
    }),
  ];
}

function currencySettingsRoutes(): ApiRoute[] {
  return [
    defineRoute({
      tags,
      access: 'tenant',
      method: 'get',
      path: '/api/v1/currency-settings',
      summary: "The organization's base currency and exchange rates",
      permissions: CURRENCY_SETTINGS_PERMISSIONS.read,
      responses: { 200: { description: 'The settings', schema: CurrencySettingsOut } },
      handler: async ({ actor, tx }) => ({
        body: presentCurrencySettings(await currency.getCurrencySettings({ actor, tx })),
      }),
    }),
    defineRoute({
      tags,
      access: 'tenant',
      method: 'put',
      path: '/api/v1/currency-settings',
      summary: 'Set the base currency and the exchange rates (units of base currency per unit)',
      permissions: CURRENCY_SETTINGS_PERMISSIONS.configure,
      request: { body: PutCurrencySettingsBody },
      responses: {
        200: { description: 'The settings', schema: CurrencySettingsOut },
        409: { description: 'Stale version: the current settings are in `current`' },
      },
      handler: async ({ actor, tx, body }) => ({
        body: presentCurrencySettings(await currency.putCurrencySettings({ actor, tx, ...body })),
      }),
    }),
  ];
}

export function routes(): ApiRoute[] {
  return [...opportunityRoutes(), ...currencySettingsRoutes()];
}
