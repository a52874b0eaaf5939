/** The HTTP server's graceful close, on the test run's database. */
import { describe, expect, it } from '@jest/globals';
import Router from '@koa/router';
import { startTestApp } from './test/test-app.js';
import { waitFor } from './test/wait.js';

/** A whole test of this file. */
const TEST_MS = 120_000;

describe('graceful close of the HTTP server', () => {
  it(
    'finishes in-flight requests, then refuses new connections',
    async () => {
      let arrived = false;
      let release: () => void = () => undefined;
      const slow = new Router();
      slow.get('/test/slow', async (ctx) => {
        arrived = true;
        await new Promise<void>((resolve) => (release = resolve));
        ctx.body = { finished: true };
      });
      const app = await startTestApp({ extraRouters: [slow] });
      const inFlight = fetch(`${app.url}/test/slow`);
      await waitFor(() => (arrived ? true : undefined), 5_000);
      const closing = app.close();
      release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ finished: true });
      await closing;
      await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
    },
    TEST_MS,
  );

  it(
    'answers /readyz with 503 once draining has begun',
    async () => {
      const app = await startTestApp();
      try {
        app.beginDraining();
        const response = await app.request('/readyz');
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          code: 'service_unavailable',
          errors: [{ path: 'lifecycle', message: 'shutting down' }],
        });
      } finally {
        await app.close();
      }
    },
    TEST_MS,
  );
});
