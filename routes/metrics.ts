import { createRoute, z } from '@hono/zod-openapi'
import { createMiddleware } from 'hono/factory'
import { authorize } from './middleware/authorize.ts'
import { isLoopbackIp } from '../src/network/loopback-gater.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, bearer } from './openapi/schemas.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { Tokens } from '../src/auth/tokens.ts'

const route = createRoute({
  method: 'get',
  path: '/prometheus',
  tags: ['operations'],
  security: [...bearer, {}],
  summary: 'Prometheus metrics (no token from this host; otherwise the metrics scope)',
  responses: { 200: { content: { 'text/plain': { schema: z.string() } }, description: 'Prometheus text format 0.0.4' }, ...AUTH_ERRORS }
})

export interface MetricsDeps extends RouteDeps {
  tokens: Tokens
}

/**
 * `GET /debug/metrics/prometheus` (Kubo's path): the node's registry in
 * Prometheus' text format. A scraper on this host reads it without a token;
 * from anywhere else it needs a token with the `metrics` scope. A request a
 * trusted proxy forwarded (`X-Forwarded-For` under CAIRN_TRUST_PROXY) counts
 * as from elsewhere, though its socket is local.
 */
export function metricsRoutes ({ node, tokens }: MetricsDeps) {
  const needsToken = authorize(tokens)
  const localOrToken = createMiddleware<AppEnv>(async (c, next) => {
    const remote = c.env?.incoming?.socket.remoteAddress ?? ''
    const forwarded = node.config.trustProxy && c.req.header('x-forwarded-for') != null
    // a dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d
    if (!forwarded && isLoopbackIp(remote.replace(/^::ffff:/i, ''))) {
      await next()
      return
    }
    return needsToken(c, next)
  })
  const app = openApiRoutes()
  app.use('/prometheus', localOrToken)
  return app.openapi(route, async (c) => {
    const registry = node.metrics.registry
    c.header('Cache-Control', 'no-store')
    // Prometheus' own content type (text/plain with its version), not Hono's text/plain default
    return c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType })
  })
}
