import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import serve from 'koa-static';

/**
 * The dashboard's built files, made by `npm run build` (and so by `npm start`): site/dist, or
 * CLOSER_SITE_DIST when the build went elsewhere.
 */
export const SITE_DIRECTORY =
  process.env.CLOSER_SITE_DIST || fileURLToPath(new URL('../../../../site/dist', import.meta.url));

/** What `/` answers on a checkout whose dashboard was never built (the API works regardless). */
const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Closer</title></head>
<body><main><h1>Closer</h1><p>The API runs; the dashboard is not built yet. Run <code>npm run build</code>
(<code>npm start</code> does it) and reload.</p><p><a href="/api/docs">API documentation</a></p></main></body></html>`;

/**
 * Links in notifications, emails and chat name records as `/tasks/<id>`; the dashboard's page for one
 * is `task.html`, which reads the id from the address either way.
 */
const RECORD_PAGES: Record<string, string> = {
  tasks: 'task.html',
  opportunities: 'opportunity.html',
  customers: 'customer.html',
  contacts: 'contact.html',
};
const RECORD_LINK = /^\/(tasks|opportunities|customers|contacts)\/[0-9a-f-]{36}$/;

/** Files under `/_astro/` carry a content hash in their names: they never change, so browsers keep them. */
const IMMUTABLE = /^\/_astro\//;

/**
 * Serves the dashboard for GET/HEAD requests no route answered: `/pipeline` is `pipeline.html`; pages
 * and the service worker are revalidated on every load, hashed assets are cached for a year.
 */
export function siteMiddleware(directory: string = SITE_DIRECTORY) {
  if (!existsSync(directory)) {
    return async function notBuilt(ctx: Context, next: Next): Promise<void> {
      await next();
      if (ctx.status === 404 && ctx.method === 'GET' && ctx.path === '/' && !ctx.body) {
        ctx.status = 200;
        ctx.type = 'html';
        ctx.body = NOT_BUILT;
      }
    };
  }
  const files = serve(directory, { defer: true, index: 'index.html', maxage: 0, extensions: ['html'] });
  const notFoundPage = path.join(directory, '404.html');
  return async function site(ctx: Context, next: Next): Promise<void> {
    const record = ctx.method === 'GET' ? RECORD_LINK.exec(ctx.path) : null;
    const page = record && path.join(directory, RECORD_PAGES[record[1]!]!);
    if (page && existsSync(page)) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'max-age=0');
      ctx.body = createReadStream(page);
      return;
    }
    await files(ctx, next);
    if (ctx.status === 200 && IMMUTABLE.test(ctx.path)) {
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    }
    // A browser asking for a page that does not exist gets the dashboard's 404 page; API clients get
    // the problem document the router answers.
    if (ctx.status === 404 && !ctx.body && ctx.method === 'GET' && !ctx.path.startsWith('/api/')) {
      if (ctx.accepts('html', 'json') === 'html' && existsSync(notFoundPage)) {
        ctx.type = 'html';
        ctx.body = createReadStream(notFoundPage);
        ctx.status = 404;
      }
    }
  };
}
