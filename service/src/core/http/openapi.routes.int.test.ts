import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { documentedRoutes } from '../../modules.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { API_VERSION } from '../../app.js';

describe('OpenAPI document and docs page over HTTP', () => {
  // The app mounts the document itself, over the very routes it serves.
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a valid OpenAPI 3.1 document describing every route', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Closer API', version: API_VERSION },
    });
    const result = await new Validator().validate(document);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);

    const paths = document.paths as Record<string, Record<string, unknown>>;
    for (const route of documentedRoutes()) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect({ route: `${route.method} ${path}`, documented: Boolean(paths[path]?.[route.method]) }).toEqual({
        route: `${route.method} ${path}`,
        documented: true,
      });
    }
    const again = await (await app.request('/api/v1/openapi.json')).json();
    expect(again).toEqual(document);
  });

  it('renders the docs page with local assets and no inline script', async () => {
    const response = await app.request('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<title>Closer API</title>');
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/api\/docs\/assets\//);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves swagger-ui from node_modules and the initializer', async () => {
    const bundle = await app.request('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);

    const css = await app.request('/api/docs/assets/swagger-ui.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    await css.body?.cancel();

    const initializer = await app.request('/api/docs/assets/closer-docs.js');
    expect(initializer.headers.get('content-type')).toContain('javascript');
    expect(await initializer.text()).toContain('url: "/api/v1/openapi.json"');
  });

  it('serves nothing else from the package folder', async () => {
    for (const file of ['package.json', 'index.html', '..%2F..%2Fpackage.json']) {
      const response = await app.request(`/api/docs/assets/${file}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
