import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import serve from 'koa-static';

/** The dashboard's built files when present (site/dist), else the placeholder in site/public. */
export function siteDirectory(): string {
  const built = fileURLToPath(new URL('../../../../site/dist', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../../../../site/public', import.meta.url));
}

/** Serves the dashboard for GET/HEAD requests no route answered. */
export function siteMiddleware(directory: string = siteDirectory()) {
  return serve(directory, { defer: true, index: 'index.html', maxage: 0 });
}
