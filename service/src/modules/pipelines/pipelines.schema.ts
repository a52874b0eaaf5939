import { z } from 'zod';
import { singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { stageKinds } from './pipelines.tables.js';

const stageFields = {
  name: singleLineText({ max: 100 }),
  kind: z.enum(stageKinds),
  probability: z.number().int().min(0).max(100).describe('Default win probability in this stage, in percent'),
};

type StageShape = { name: string; kind: (typeof stageKinds)[number]; probability: number };

/** A closed deal is certain: a won stage is 100%, a lost one 0%. */
const CLOSED_PROBABILITY = { won: 100, lost: 0 } as const;

/**
 * A pipeline's stages, in order: deals need somewhere to start (an open stage) and to end (a won and a
 * lost stage); names do not repeat (ignoring case), so people and the assistant can tell them apart;
 * won and lost stages carry 100% and 0%.
 */
function stageList<S extends z.ZodType<StageShape>>(stage: S) {
  return z
    .array(stage)
    .min(1, 'needs at least one stage')
    .max(50, 'must have at most 50 stages')
    .superRefine((list, ctx) => {
      const missing = (['open', 'won', 'lost'] as const).filter((kind) => !list.some((s) => s.kind === kind));
      if (missing.length) {
        ctx.addIssue({
          code: 'custom',
          message: `needs at least one open stage, a won stage and a lost stage (missing: ${missing.join(', ')})`,
        });
      }
      const seen = new Set<string>();
      list.forEach((s, index) => {
        if (s.kind !== 'open' && s.probability !== CLOSED_PROBABILITY[s.kind]) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'probability'],
            message: `must be ${CLOSED_PROBABILITY[s.kind]} for a ${s.kind} stage`,
          });
        }
        const name = s.name.toLowerCase();
        if (seen.has(name)) {
          ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `repeats the stage "${s.name}"` });
        }
        seen.add(name);
      });
    });
}

export const CreatePipelineBody = z.strictObject({
  name: singleLineText({ max: 100 }),
  stages: stageList(z.strictObject(stageFields)),
  isDefault: z.boolean().default(false).describe('Make it the pipeline new deals go to'),
});

export const UpdatePipelineBody = z.strictObject({
  version: versionField,
  name: singleLineText({ max: 100 }).optional(),
  isDefault: z
    .boolean()
    .optional()
    .describe(
      'true makes it the default (the other default loses the flag); to change it, make another one the default',
    ),
  stages: stageList(z.strictObject({ id: z.uuid('must be a stage id').optional(), ...stageFields }))
    .optional()
    .describe(
      'The full new list, in order: stages with an id are kept (renamed, reordered), without one created, ' +
        'and those left out archived',
    ),
});

export const StageOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(stageKinds),
    probability: z.number().int(),
    position: z.number().int(),
  })
  .meta({ id: 'Stage' });

export const PipelineOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isDefault: z.boolean(),
    position: z.number().int(),
    stages: z.array(StageOut).describe('Its stages that are not archived, in order'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Pipeline' });
