import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import type { ModuleDeps } from '../../core/module/module.js';
import * as commands from './predictions.commands.js';
import { PREDICTION_PERMISSIONS } from './predictions.policy.js';
import { presentModel, presentPrediction } from './predictions.presenter.js';
import {
  ChurnRiskOut,
  ChurnRisksOut,
  ChurnRisksQuery,
  ForecastOut,
  ForecastQuery,
  ModelListOut,
  ModelListQuery,
  ModelOut,
  PredictionOut,
  PredictionParams,
  SummaryOut,
  SummaryQuery,
} from './predictions.schema.js';
import { assertAllowed } from '../../core/identity/policy.js';
import { forecast } from './forecast.js';
import { churnRisk, churnRisks } from './churn-risk.js';
import { performanceSummary } from './summary.js';

export function predictionRoutes(deps: ModuleDeps): ApiRoute[] {
  const tags = ['Predictions'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/opportunities/:id/prediction',
      summary:
        "A deal's success probability, with its confidence, the model used, the factors and next best actions",
      description:
        'Scored from the first deal: by the global prior until the organization has enough closed deals, then by its own model (corrected per customer once a customer has `MIN_CUSTOMER_HISTORY` closed deals). Kept current as the deal, its conversations and its customer change.',
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.read,
      request: { params: PredictionParams },
      responses: { 200: { description: 'The prediction', schema: PredictionOut } },
      handler: async ({ actor, tx, params }) => ({
        body: presentPrediction(await commands.getPrediction({ actor, tx, opportunityId: params.id })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/predictions/train',
      summary: "Train the organization's model now (a job; its progress and figures are in the models list)",
      description:
        'The new model is promoted only when it beats the model in use and the prior on the most recent closed deals, which it never saw. 409 while a training runs.',
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.train,
      responses: { 202: { description: 'Training queued', schema: ModelOut } },
      handler: async ({ actor, tx }) => ({
        status: 202,
        body: presentModel(await commands.requestTraining({ actor, tx, queue: deps.queue })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/predictions/models',
      summary:
        "The organization's models, newest first: status, progress, and figures on held-out recent deals",
      description:
        'Per version: time-split AUC, Brier score against the base rate, calibration per decile, the same figures for the prior and the model in use, and the ten most important features.',
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.models,
      request: { query: ModelListQuery },
      responses: { 200: { description: 'Models', schema: ModelListOut } },
      handler: async ({ actor, tx, query }) => ({
        body: { items: (await commands.listModels({ actor, tx, limit: query.limit })).map(presentModel) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/forecast',
      summary:
        'Revenue forecast by period with its confidence band (P10/P50/P90), over the open deals you may see',
      description:
        "A Monte Carlo simulation: each deal won with its predicted probability, closing on its expected date shifted by the organization's own history of slips. Reps: their deals; managers: their teams' (or one team's with `teamId`); Org Admins: all.",
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.forecast,
      request: { query: ForecastQuery },
      responses: { 200: { description: 'The forecast', schema: ForecastOut } },
      handler: async ({ actor, tx, query }) => {
        assertAllowed(actor, PREDICTION_PERMISSIONS, 'forecast');
        return { body: await forecast({ actor, tx, ...query }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/customers/:id/churn-risk',
      summary: 'Churn risk of an active customer, with the factors behind it and what to do',
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.churn,
      request: { params: PredictionParams },
      responses: { 200: { description: 'The churn risk', schema: ChurnRiskOut } },
      handler: async ({ actor, tx, params }) => {
        assertAllowed(actor, PREDICTION_PERMISSIONS, 'churn');
        return { body: await churnRisk({ actor, tx, customerId: params.id }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/insights/churn-risks',
      summary: 'The active customers most at risk of leaving, riskiest first, with the factors behind each',
      description:
        "Of your customers (managers: your teams', or one team's or member's; Org Admins: all), the quietest active ones are scored and the riskiest listed.",
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.churn,
      request: { query: ChurnRisksQuery },
      responses: { 200: { description: 'Customers at risk', schema: ChurnRisksOut } },
      handler: async ({ actor, tx, query }) => {
        assertAllowed(actor, PREDICTION_PERMISSIONS, 'churn');
        return { body: await churnRisks({ actor, tx, ...query }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/insights/summary',
      summary:
        'A performance summary in plain language: results against the period before, trends, deals at risk, what to work on first',
      description:
        'Written locally and deterministically from the data (same data, same sentences). Reps: their own; managers: their teams, a team (`teamId`) or a member (`userId`); Org Admins: anyone or the whole organization.',
      tags,
      access: 'tenant',
      permissions: PREDICTION_PERMISSIONS.summary,
      request: { query: SummaryQuery },
      responses: { 200: { description: 'The summary', schema: SummaryOut } },
      handler: async ({ actor, tx, query }) => {
        assertAllowed(actor, PREDICTION_PERMISSIONS, 'summary');
        return { body: await performanceSummary({ actor, tx, ...query }) };
      },
    }),
  ];
}
