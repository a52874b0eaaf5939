/**
 * The app manifests for one installation: the committed files name `https://closer.example.com` and the
 * all-zero app id; this puts in the real public URL and the Microsoft app id.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PLACEHOLDER_URL = 'https://closer.example.com';
const PLACEHOLDER_HOST = 'closer.example.com';
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';

export const MANIFESTS_DIR = fileURLToPath(new URL('../', import.meta.url));

export interface ManifestOptions {
  /** The public https URL Closer answers on. */
  url: string;
  /** The Microsoft app (bot) id; the placeholder stays when none is given. */
  appId?: string;
}

function filled(file: string, options: ManifestOptions): Record<string, unknown> {
  const url = new URL(options.url);
  if (url.protocol !== 'https:')
    throw new Error(`--url must be an https URL (Slack and Teams require it), not ${options.url}`);
  const base = url.origin + url.pathname.replace(/\/$/, '');
  const appId = options.appId ?? PLACEHOLDER_APP_ID;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    throw new Error(`the Microsoft app id must be a GUID, not ${appId}`);
  }
  const text = readFileSync(`${MANIFESTS_DIR}${file}`, 'utf8')
    .replaceAll(PLACEHOLDER_URL, base)
    .replaceAll(PLACEHOLDER_HOST, url.host)
    .replaceAll(PLACEHOLDER_APP_ID, appId.toLowerCase());
  return JSON.parse(text) as Record<string, unknown>;
}

export function slackManifest(options: ManifestOptions): Record<string, unknown> {
  return filled('slack/manifest.json', options);
}

export function teamsManifest(options: ManifestOptions): Record<string, unknown> {
  return filled('teams/manifest.json', options);
}
