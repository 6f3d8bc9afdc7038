import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { authorize } from './middleware/authorize.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { Tokens } from '../src/auth/tokens.ts'

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
    if (!forwarded && isLoopback(remote)) {
      await next()
      return
    }
    return needsToken(c, next)
  })
  return new Hono<AppEnv>()
    .get('/prometheus', localOrToken, async (c) => {
      const registry = node.metrics.registry
      return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' })
    })
}

function isLoopback (address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address)
}
