import type { Pipeline, Stage } from './pipelines.tables.js';

export function presentStage(stage: Stage) {
  return {
    id: stage.id,
    name: stage.name,
    kind: stage.kind,
    probability: stage.probability,
    position: stage.position,
  };
}

/** A pipeline with its stages (the caller passes the ones not archived, in order). */
export function presentPipeline(pipeline: Pipeline, stages: Stage[]) {
  return {
    id: pipeline.id,
    name: pipeline.name,
    isDefault: pipeline.isDefault,
    position: pipeline.position,
    stages: stages.map(presentStage),
    version: pipeline.version,
    createdAt: pipeline.createdAt.toISOString(),
    updatedAt: pipeline.updatedAt.toISOString(),
  };
}
export type PipelineView = ReturnType<typeof presentPipeline>;
