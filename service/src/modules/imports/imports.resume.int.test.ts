/**
 * A run that dies (its worker killed mid-import) leaves the last committed batch as the place the next
 * run starts from: the end state equals an uninterrupted run's, row for row, and nothing is written twice.
 * The queue's import worker is switched off here, so the test runs the job itself, with a crash injected.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { createLogger } from '../../core/logger.js';
import { buildOrganization, signIn, type TestOrganization } from '../../test/factories.js';
import { json, type TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import { resumeStaleImports, runImport, type ImportRunDeps } from './import-runner.js';
import { importForm, useLogs, type ImportView } from './imports.test-helpers.js';

const ROWS = 1_000;
/** Deterministic rows with problems and duplicates sprinkled in, so the report is compared too. */
const csv = [
  'Name,Domain,Industry,Employees',
  ...Array.from({ length: ROWS }, (_, i) => {
    const domain = i % 97 === 5 ? `resume-${i - 1}.example` : `resume-${i}.example`;
    const employees = i % 89 === 7 ? 'many' : String((i * 37) % 5000);
    return `Resume ${i},${domain},${['retail', 'technolgy', 'finance'][i % 3]},${employees}`;
  }),
].join('\n');

describe('an import resumed after a crash', () => {
  const suite = useOrganizationApp({ organizationName: 'Resume Corp', env: { IMPORT_BATCH_ROWS: '150' } });
  let deps: ImportRunDeps;
  let other: { org: TestOrganization; admin: TestClient };
  beforeAll(async () => {
    useLogs(suite.app.logs);
    await suite.app.queue.offWork(QUEUES.runImport);
    deps = {
      db: suite.app.database.db,
      queue: suite.app.queue,
      config: suite.app.config,
      logger: createLogger({ level: 'silent' }),
    };
    const org = await buildOrganization(suite.app.database.db, { name: 'Straight Corp' });
    other = { org, admin: await signIn(suite.app.url, org.admin) };
  });

  async function queued(client: TestClient): Promise<string> {
    const response = await client.post('/api/v1/imports', importForm(csv, { type: 'customers' }));
    expect(response.status).toBe(202);
    // The job stays with the test: the queue's copy is removed before any worker could take it.
    await suite.app.queue.boss.purgeQueue(QUEUES.runImport);
    const created = await json<ImportView>(response);
    expect((await json<ImportView>(await client.get(`/api/v1/imports/${created.id}`))).status).toBe('queued');
    return created.id;
  }

  async function endState(org: TestOrganization, importId: string) {
    return suite.app.database.db.transaction({ tenantId: org.tenantId }, async (tx) => ({
      customers: await queryRows(
        tx,
        sql`select name, domains, industry, size_band, import_line from customers
             where import_id = ${importId} order by import_line`,
      ),
      report: await queryRows(
        tx,
        sql`select seq, line, "column", value, message from import_errors where import_id = ${importId} order by seq`,
      ),
    }));
  }

  it('crashes in the middle of a batch, resumes after the last committed one, and ends as a run that never stopped', async () => {
    const straightId = await queued(other.admin);
    await runImport(deps, { tenantId: other.org.tenantId, importId: straightId });

    const crashedId = await queued(suite.admin);
    const ids = { tenantId: suite.org.tenantId, importId: crashedId };
    const crash = new Error('worker killed');
    await expect(
      runImport(deps, ids, {
        beforeCommit: (batch) => {
          if (batch === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const halfway = await json<ImportView>(await suite.admin.get(`/api/v1/imports/${crashedId}`));
    expect(halfway).toMatchObject({ status: 'running', progress: { rowsDone: 300 } });
    expect((await endState(suite.org, crashedId)).customers).toHaveLength(
      300 -
        (await endState(suite.org, crashedId)).report.filter(
          (line) => !String((line as { message: string }).message).startsWith('Note'),
        ).length,
    );

    // Another run does not take over while the dead run's lease is fresh; the watchdog finds it stale.
    await runImport(deps, ids);
    expect(
      (await json<ImportView>(await suite.admin.get(`/api/v1/imports/${crashedId}`))).progress.rowsDone,
    ).toBe(300);
    expect(await resumeStaleImports(deps, 0)).toBeGreaterThanOrEqual(1);
    await runImport(deps, ids, { leaseSeconds: 0 });

    const resumed = await json<ImportView>(await suite.admin.get(`/api/v1/imports/${crashedId}`));
    const straight = await json<ImportView>(await other.admin.get(`/api/v1/imports/${straightId}`));
    expect(resumed.status).toBe('completed');
    expect(resumed.counts).toEqual(straight.counts);
    expect(resumed.counts).toMatchObject({ read: ROWS });
    expect(await endState(suite.org, crashedId)).toEqual(await endState(other.org, straightId));
  });
});
