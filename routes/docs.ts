import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import { openApiDocument } from './openapi/document.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { Tokens } from '../src/auth/tokens.ts'

/** Swagger UI's files, served from the installed package: no CDN, works offline. */
const SWAGGER_UI = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8'
}

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Cairn API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/start.js"></script></body>
</html>
`
const START = 'window.ui = SwaggerUIBundle({ url: \'/api/v1/openapi.json\', dom_id: \'#swagger-ui\', deepLinking: true })\n'

/**
 * `GET /api/v1/openapi.json` (the OpenAPI 3.1 document) and `/docs/` (a
 * Swagger UI page over it), public on the API listener: a description of
 * the API holds no secret, and the page asks for a token only to try calls.
 */
export function docsRoutes (deps: RouteDeps & { tokens: Tokens, gatewayUrl?: string, startedAt: Date }) {
  let document: object | undefined
  const headers = { 'Content-Security-Policy': 'default-src \'self\'; img-src \'self\' data:; style-src \'self\' \'unsafe-inline\'' }
  return new Hono<AppEnv>()
    .get('/api/v1/openapi.json', (c) => c.json(document ??= openApiDocument(deps)))
    .get('/docs', (c) => c.redirect('/docs/', 301))
    .get('/docs/', (c) => c.html(PAGE, 200, headers))
    .get('/docs/start.js', (c) => c.body(START, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/docs/:asset', async (c) => {
      const asset = c.req.param('asset')
      const type = ASSETS[asset]
      if (type == null) {
        return c.notFound()
      }
      return c.body(await readFile(join(SWAGGER_UI, asset)), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
    })
}
