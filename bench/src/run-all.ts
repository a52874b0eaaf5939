/** Runs every benchmark in turn; each prints its figures as ratios to a baseline measured in the same run. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchmarks = ['api-overhead.ts', 'nlp.ts'];
let failed = false;
for (const file of benchmarks) {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (!existsSync(path)) continue;
  console.log(`\n== ${file}`);
  // Workspace packages from their TypeScript sources (the `closer-source` export condition): no build.
  const run = spawnSync(process.execPath, ['--conditions=closer-source', '--import', 'tsx', path], {
    stdio: 'inherit',
  });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
