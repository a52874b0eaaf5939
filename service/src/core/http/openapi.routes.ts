import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Router from '@koa/router';
import type { ApiRoute } from './api-route.js';
import { AppError } from '../errors/app-error.js';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from './openapi.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';
const ASSETS_PATH = `${DOCS_PATH}/assets`;
const INITIALIZER = 'closer-docs.js';

/** The swagger-ui-dist files the page loads (source maps for devtools); nothing else in the folder is served. */
const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui.css.map': 'application/json; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-bundle.js.map': 'application/json; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Closer API</title>
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PATH}/${INITIALIZER}"></script>
  </body>
</html>
`;

// A served file rather than an inline script, so a Content-Security-Policy needs no hash for it.
// validatorUrl: null keeps Swagger UI from calling validator.swagger.io: the docs work offline.
const INITIALIZER_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** `GET /api/v1/openapi.json` (built on first request, then cached) and the Swagger UI page at `/api/docs`. */
export function openApiRouter(routes: () => ApiRoute[], info: OpenApiInfo): Router {
  const router = new Router();
  let document: OpenApiDocument | undefined;
  let swaggerFolder: string | undefined;

  router.get(OPENAPI_PATH, (ctx) => {
    document ??= buildOpenApiDocument(routes(), info);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'application/json';
    ctx.body = document;
  });

  router.get(DOCS_PATH, (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });

  router.get(`${ASSETS_PATH}/:file`, async (ctx) => {
    const file = ctx.params.file ?? '';
    if (file === INITIALIZER) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.body = INITIALIZER_SCRIPT;
      return;
    }
    const type = Object.hasOwn(SWAGGER_ASSETS, file) ? SWAGGER_ASSETS[file] : undefined;
    if (!type) throw AppError.notFound(`Documentation asset ${file}`);
    swaggerFolder ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const path = join(swaggerFolder, file);
    const stats = await stat(path);
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.type = type;
    ctx.length = stats.size;
    ctx.lastModified = stats.mtime;
    ctx.body = createReadStream(path);
  });

  return router;
}
