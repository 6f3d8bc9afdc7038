import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import { ForbiddenOriginError } from '../../src/errors.ts'
import { requestOrigin } from '../request-origin.ts'
import type { AppEnv } from '../env.ts'

/**
 * Which browser pages may call the API. A request without `Origin` (curl,
 * Kubo clients in Node) or from the API's own origin (the console) passes
 * untouched. An origin listed in CAIRN_API_CORS_ORIGINS gets CORS headers and
 * its preflights answered; any other is refused with 403, as Kubo refuses
 * an `Origin` outside `API.HTTPHeaders`, so that a page elsewhere cannot make
 * a user's browser act on the API even without reading the answer.
 */
export function apiOrigins (allowed: readonly string[], trustProxy: boolean) {
  const listed = new Set(allowed)
  const headers = cors({
    origin: (origin) => listed.has(origin) ? origin : null,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Range', 'Accept'],
    exposeHeaders: ['Location', 'Content-Length', 'Content-Type', 'X-Stream-Output', 'X-Chunked-Output', 'X-Stream-Error', 'Trailer'],
    maxAge: 600
  })
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin')
    if (origin == null) {
      await next()
      return
    }
    const own = requestOrigin(c, trustProxy)
    if (origin === `${own.scheme}://${own.host}`) {
      await next()
      return
    }
    if (!listed.has(origin)) {
      throw new ForbiddenOriginError(`origin ${origin} is not allowed to call this API; an operator can list it in CAIRN_API_CORS_ORIGINS`)
    }
    return headers(c, next)
  })
}
