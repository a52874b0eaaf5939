/**
 * `npm run manifests -- --url https://closer.example.org [--app-id <Microsoft app id>]` writes
 * `manifests/dist/slack-manifest.json` (paste it into "Create an app from a manifest") and
 * `manifests/dist/closer-teams.zip` (upload it in Teams: Apps, Manage your apps, Upload an app).
 * The app id defaults to MICROSOFT_APP_ID.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { zipSync, strToU8 } from 'fflate';
import { MANIFESTS_DIR, PLACEHOLDER_APP_ID, slackManifest, teamsManifest } from './render.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, 'app-id': { type: 'string' } },
  strict: true,
});
if (!values.url) {
  process.stderr.write(
    'usage: npm run manifests -- --url https://your-closer-host [--app-id <Microsoft app id>]\n',
  );
  process.exit(2);
}
const appId = values['app-id'] ?? process.env.MICROSOFT_APP_ID;
try {
  const options = { url: values.url, ...(appId ? { appId } : {}) };
  const out = `${MANIFESTS_DIR}dist/`;
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}slack-manifest.json`, `${JSON.stringify(slackManifest(options), null, 2)}\n`);
  const zip = zipSync({
    'manifest.json': strToU8(JSON.stringify(teamsManifest(options), null, 2)),
    'color.png': readFileSync(`${MANIFESTS_DIR}teams/color.png`),
    'outline.png': readFileSync(`${MANIFESTS_DIR}teams/outline.png`),
  });
  writeFileSync(`${out}closer-teams.zip`, zip);
  process.stdout.write(`wrote ${out}slack-manifest.json and ${out}closer-teams.zip\n`);
  if (!appId) {
    process.stdout.write(
      `note: no --app-id or MICROSOFT_APP_ID; the Teams manifest keeps ${PLACEHOLDER_APP_ID}\n`,
    );
  }
} catch (error) {
  process.stderr.write(`manifests: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
