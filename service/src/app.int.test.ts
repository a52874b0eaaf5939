import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Router from '@koa/router';
import { startTestApp, type TestApp } from './test/test-app.js';

const PROBLEM = 'application/problem+json';

/** GET with the path sent byte for byte (no URL normalisation). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(baseUrl), { path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

describe('service core over HTTP', () => {
  let app: TestApp;
  // A site of its own, so a path out of it is refused whether or not the dashboard was built.
  const site = mkdtempSync(path.join(tmpdir(), 'closer-site-'));
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Closer</title>');
  beforeAll(async () => {
    const extra = new Router();
    extra.post('/test/echo', (ctx) => {
      ctx.body = { received: ctx.request.body };
    });
    extra.get('/test/explode', () => {
      throw new Error('secret internal detail at /srv/closer/db.ts:42');
    });
    app = await startTestApp({ extraRouters: [extra], env: { BODY_LIMIT: '1kb' }, siteDirectory: site });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('answers /healthz', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the dashboard page at /', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    // This file's own site (the dashboard's build serves the same way).
    expect(await response.text()).toMatch(/<title>[^<]*Closer<\/title>/);
  });

  it('is ready once database, migrations and job queue are up', async () => {
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', jobQueue: 'ok', lifecycle: 'ok' },
    });
  });

  it('answers an unknown route with problem+json 404', async () => {
    const response = await app.request('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, title: 'Not Found', code: 'route_not_found' });
    expect(body.detail).toContain('/api/v1/nothing-here');
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it.each(['/../etc/passwd', '/%2e%2e/etc/passwd', '/%2e%2e%2fetc%2fpasswd'])(
    'answers %s, a path out of the site, with a 403 whose type, title and code agree',
    async (path) => {
      // fetch would resolve the dots away; a raw request sends the path as an attacker would.
      const { status, body } = await rawGet(app.url, path);
      expect(status).toBe(403);
      expect(JSON.parse(body)).toMatchObject({
        type: 'https://closer.dev/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        code: 'forbidden',
      });
    },
  );

  it('answers a wrong method with 405 and the allowed ones', async () => {
    const response = await app.request('/healthz', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(response.headers.get('allow')).toContain('GET');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "Acme",',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(await response.json()).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('answers a body that claims gzip but is not with 400, not 500', async () => {
    const response = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: '{"email":"a@b.co","password":"x"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad_request', status: 400 });
  });

  it('accepts a well-formed JSON body', async () => {
    const response = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { name: 'Acme' } });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'x'.repeat(5_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  it('hides unexpected exceptions behind a generic 500 and logs them with the request id', async () => {
    const response = await app.request('/test/explode');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('db.ts');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 500, code: 'internal' });
    const logged = app.logs.find((line) => line.requestId === body.requestId && line.level === 'error');
    expect(JSON.stringify(logged)).toContain('secret internal detail');
  });

  it('keeps a sane incoming request id and replaces an unsafe one', async () => {
    const kept = await app.request('/healthz', { headers: { 'x-request-id': 'trace-123.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123.abc');
    const replaced = await app.request('/healthz', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes a request id on every log line of a request', async () => {
    const response = await app.request('/healthz');
    const requestId = response.headers.get('x-request-id');
    const lines = app.logs.filter((line) => line.path === '/healthz' && line.requestId === requestId);
    expect(lines).toHaveLength(1);
    expect(
      app.logs.filter((line) => line.msg === 'request').every((line) => typeof line.requestId === 'string'),
    ).toBe(true);
  });

  it('exposes Prometheus metrics: request durations by route and status, pool and queue depth', async () => {
    await app.request('/healthz');
    await app.queue.boss.createQueue('metrics-probe');
    await app.queue.boss.send('metrics-probe', { n: 1 });
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(text).toMatch(/db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="waiting"\} \d+/);
    expect(text).toMatch(/job_queue_depth\{queue="metrics-probe"\} 1/);
  });
});
