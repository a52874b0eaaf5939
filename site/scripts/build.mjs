// Builds the dashboard when its sources changed since the last build, so a second `npm start` is fast.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = path.join(process.env.CLOSER_SITE_DIST || path.join(root, 'dist'), '.build-stamp');
const inputs = ['src', 'public', 'astro.config.mjs', 'package.json', '../package-lock.json'];

function files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.join(dirent.parentPath, dirent.name))
    .sort();
}

const hash = createHash('sha256');
for (const file of inputs.flatMap(files)) hash.update(path.relative(root, file)).update(readFileSync(file));
const stamp = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('site: up to date');
  process.exit(0);
}
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js'),
    'build',
    '--silent',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, stamp);
console.log(`site: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
