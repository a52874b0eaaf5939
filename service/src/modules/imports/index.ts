import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CloserModule } from '../../core/module/module.js';
import { resumeStaleImports, runImport } from './import-runner.js';
import { undoImportRun } from './import-undo.js';
import { importRoutes } from './imports.routes.js';

interface ImportJob {
  tenantId: string;
  importId: string;
}

/** CSV imports of customers, contacts, deals, interactions, tasks and users, with their mappings. */
export const importsModule: CloserModule = {
  name: 'imports',
  routes: importRoutes,
  schedules: [{ name: 'imports.resume', cron: '* * * * *', queue: QUEUES.resumeImports, data: {} }],
  async workers(deps) {
    const logged = (name: string, run: (job: ImportJob) => Promise<void>) => async (job: ImportJob) => {
      try {
        await run(job);
      } catch (error) {
        deps.logger.error({ err: error, importId: job.importId }, `${name} failed; it will be retried`);
        throw error;
      }
    };
    await deps.queue.work<ImportJob>(
      QUEUES.runImport,
      logged('import', (job) => runImport(deps, job)),
    );
    await deps.queue.work<ImportJob>(
      QUEUES.undoImport,
      logged('import undo', (job) => undoImportRun(deps, job)),
    );
    await deps.queue.work(QUEUES.resumeImports, async () => {
      await resumeStaleImports(deps);
    });
  },
  matrix: async () => (await import('./imports.matrix.js')).matrix,
};
