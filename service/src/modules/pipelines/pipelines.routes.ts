import { defineRoute, type ApiRoute } from '../../core/http/api-route.js';
import { pageOf } from '../../core/http/page.js';
import { IdParams } from '../api-keys/api-keys.schema.js';
import * as commands from './pipelines.commands.js';
import { PIPELINE_PERMISSIONS } from './pipelines.policy.js';
import { presentPipeline } from './pipelines.presenter.js';
import { CreatePipelineBody, PipelineOut, UpdatePipelineBody } from './pipelines.schema.js';

const present = ({ pipeline, stages }: commands.PipelineWithStages) => presentPipeline(pipeline, stages);

export function pipelineRoutes(): ApiRoute[] {
  const tags = ['Pipelines'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/pipelines',
      summary: "List the organization's pipelines with their stages",
      tags,
      access: 'tenant',
      permissions: PIPELINE_PERMISSIONS.list,
      responses: { 200: { description: 'Pipelines, in order', schema: pageOf(PipelineOut) } },
      handler: async (input) => ({
        body: { items: (await commands.listPipelines(input)).map(present), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/pipelines',
      summary: 'Create a pipeline with its stages',
      tags,
      access: 'tenant',
      permissions: PIPELINE_PERMISSIONS.create,
      request: { body: CreatePipelineBody },
      responses: {
        201: { description: 'Created', schema: PipelineOut },
        409: { description: 'Name taken' },
        422: { description: 'Bad input (stages need an open, a won and a lost stage)' },
      },
      handler: async ({ actor, tx, body }) => ({
        status: 201,
        body: present(await commands.createPipeline({ actor, tx, ...body })),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/pipelines/:id',
      summary: 'Rename a pipeline, make it the default, or change its stages',
      description:
        '`stages` is the full new ordered list: stages with an id are renamed and reordered (their ' +
        'history stays intact), stages without one are created, and stages left out are archived, ' +
        'which is refused (409 `stage_in_use`) while open opportunities are in them.',
      tags,
      access: 'tenant',
      permissions: PIPELINE_PERMISSIONS.update,
      request: { params: IdParams, body: UpdatePipelineBody },
      responses: {
        200: { description: 'Updated', schema: PipelineOut },
        409: { description: 'Name taken, stale version, or a stage left out still holds open deals' },
        422: { description: 'Bad input (a stage id of another pipeline, ...)' },
      },
      handler: async ({ actor, tx, params, body }) => ({
        body: present(await commands.updatePipeline({ actor, tx, pipelineId: params.id, ...body })),
      }),
    }),
  ];
}
