import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import type { ModuleDeps } from '../../core/module/module.js';
import * as commands from './predictions.commands.js';
import { PREDICTION_PERMISSIONS } from './predictions.policy.js';
import { presentModel, presentPrediction } from './predictions.presenter.js';
import {
  ModelListOut,
  ModelListQuery,
  ModelOut,
  PredictionOut,
  PredictionParams,
} from './predictions.schema.js';

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
  ];
}
