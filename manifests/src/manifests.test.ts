/**
 * The manifests, filled in for an installation, against the official schemas in ../shared/testdata
 * (Slack's manifest schema, Microsoft Teams' v1.17 schema); and what `npm run manifests` refuses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { slackManifest, teamsManifest } from './render.js';

const testdata = fileURLToPath(new URL('../../../shared/testdata/', import.meta.url));
const SLACK_SCHEMA = `${testdata}slack/manifest-schema/manifest.schema.1.0.0.json`;
const TEAMS_SCHEMA = `${testdata}teams/manifest-schema/v1.17/MicrosoftTeams.schema.json`;
const present = existsSync(SLACK_SCHEMA) && existsSync(TEAMS_SCHEMA);
const options = { url: 'https://crm.acme-sales.com/', appId: '6D2B7C4E-1F3A-4B5C-8D9E-0A1B2C3D4E5F' };

const schema = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

(present ? describe : describe.skip)('the app manifests, against the official schemas', () => {
  it('the Slack manifest is valid, with every URL on the installation', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema(SLACK_SCHEMA));
    const manifest = slackManifest(options);
    expect(validate.errors ?? (validate(manifest) ? [] : validate.errors)).toEqual([]);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('closer.example.com');
    expect(text).toContain('https://crm.acme-sales.com/slack/events');
    // What the bot listens to is what the manifest subscribes to.
    expect(manifest).toMatchObject({
      settings: {
        event_subscriptions: {
          bot_events: expect.arrayContaining(['message.im', 'app_mention', 'app_home_opened']),
        },
      },
      features: { slash_commands: [expect.objectContaining({ command: '/closer' })] },
    });
  });

  it("the Slack schema's own invalid example fails it (the check can fail)", () => {
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema(SLACK_SCHEMA));
    expect(validate(schema(`${testdata}slack/manifest-schema/v1_manifest.invalid.json`))).toBe(false);
  });

  it('the Teams manifest is valid v1.17, with the app id and domain of the installation', () => {
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema(TEAMS_SCHEMA));
    const manifest = teamsManifest(options);
    const valid = validate(manifest);
    expect(valid ? [] : validate.errors).toEqual([]);
    expect(manifest).toMatchObject({
      id: '6d2b7c4e-1f3a-4b5c-8d9e-0a1b2c3d4e5f',
      validDomains: ['crm.acme-sales.com'],
      bots: [expect.objectContaining({ botId: '6d2b7c4e-1f3a-4b5c-8d9e-0a1b2c3d4e5f' })],
    });
    // A manifest without its required parts fails the same check.
    const broken = { ...manifest } as Record<string, unknown>;
    delete broken.icons;
    expect(validate(broken)).toBe(false);
  });
});

if (!present) {
  describe('the app manifests, against the official schemas', () => {
    it.skip(`needs the schemas in ${testdata} (../shared/testdata), absent in this checkout`, () =>
      undefined);
  });
}

describe('filling in the manifests', () => {
  it('refuses a URL that is not https and an app id that is not a GUID, saying which', () => {
    expect(() => slackManifest({ url: 'http://crm.acme-sales.com' })).toThrow(/https/);
    expect(() => teamsManifest({ url: 'https://crm.acme-sales.com', appId: 'closer-bot' })).toThrow(/GUID/);
  });
});
