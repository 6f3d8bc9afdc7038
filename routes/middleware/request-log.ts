import { createMiddleware } from 'hono/factory'
import type { Logger } from '../../src/logger.ts'

/** One structured line per request, after it completes. Expects hono's requestId middleware before it. */
export function requestLog (log: Logger) {
  return createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
    const started = performance.now()
    await next()
    log.info({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started)
    }, 'request')
  })
}
