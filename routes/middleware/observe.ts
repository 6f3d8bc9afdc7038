import { createMiddleware } from 'hono/factory'
import { routePath } from 'hono/route'
import { negotiateFormat } from '../gateway/format.ts'
import { whenResponseDone } from './response-done.ts'
import type { CairnMetrics } from '../../src/metrics/index.ts'
import type { Logger } from '../../src/logger.ts'
import type { AppEnv } from '../env.ts'
import type { Context } from 'hono'

export type Listener = 'gateway' | 'api'

/** Routes whose request bodies are content being added. */
const UPLOAD_ROUTES = new Set(['/api/v0/add', '/api/v0/block/put', '/api/v0/dag/put', '/api/v0/dag/import'])

/** Routes that publish an IPNS name (POST). */
const PUBLISH_ROUTES = new Set(['/api/v0/name/publish', '/api/v1/names'])

/**
 * One access line and one set of metrics per request, once its answer has
 * left (streamed bodies included): method, route template, status, duration,
 * bytes written, and the name of the token used (never its secret). The
 * gateway's answers are also counted by format and status, with the time
 * until their headers were ready. Expects hono's requestId before it.
 */
export function observe (listener: Listener, log: Logger, metrics: CairnMetrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    const socket = c.env?.incoming?.socket
    const writtenBefore = socket?.bytesWritten ?? 0
    await next()
    const headersMs = performance.now() - started
    whenResponseDone(c, () => {
      const seconds = (performance.now() - started) / 1000
      const status = c.res.status
      const handler = route(c)
      const bytes = socket == null ? Number(c.res.headers.get('content-length') ?? 0) : socket.bytesWritten - writtenBefore
      metrics.httpDuration.observe({ listener, handler, method: c.req.method, code: String(status) }, seconds)
      if (listener === 'gateway' && handler !== '/healthz' && handler !== '/readyz') {
        const format = responseFormat(c)
        metrics.gatewayResponses.inc({ code: String(status), format })
        metrics.gatewayFirstByte.observe({ format }, headersMs / 1000)
        metrics.gatewayServedBytes.inc(bytes)
      }
      if (listener === 'api' && status < 300) {
        if (UPLOAD_ROUTES.has(handler)) {
          metrics.uploadedBytes.inc(c.var.uploadedBytes ?? 0)
        }
        if (PUBLISH_ROUTES.has(handler) && c.req.method === 'POST') {
          metrics.ipnsPublishes.inc()
        }
      }
      log.info({
        requestId: c.get('requestId'),
        method: c.req.method,
        route: handler,
        path: c.req.path,
        status,
        ms: Math.round(seconds * 1000),
        bytes,
        token: c.var.token?.name
      }, 'request')
    })
  })
}

/** The matched route's template (`/api/v0/add`, `/ipfs/*`), so labels stay few whatever the paths. */
function route (c: Context<AppEnv>): string {
  const path = routePath(c, -1)
  return path === '/*' || path === '*' ? 'unmatched' : path
}

/** The format a gateway answer was asked in, as the gateway reads it; `unixfs` when none was. */
function responseFormat (c: Context<AppEnv>): string {
  try {
    return negotiateFormat(c.req.query('format'), c.req.header('accept')).format ?? 'unixfs'
  } catch {
    return 'invalid'
  }
}
