import { Hono } from 'hono'
import { cairnErrorBody, kuboErrorBody, toHttpError } from './errors.ts'
import { gatewayErrorResponse, isGatewayRequest } from './gateway/index.ts'
import { answerHeaders } from './middleware/answer-headers.ts'
import { observe } from './middleware/observe.ts'
import { requestId } from './middleware/request-id.ts'
import type { AppEnv } from './env.ts'
import type { Listener } from './middleware/observe.ts'
import type { CairnMetrics } from '../src/metrics/index.ts'
import type { Logger } from '../src/logger.ts'

/**
 * What both listeners' apps share: a request id, one access line and the
 * HTTP metrics per request,
 * a JSON 404, and the one error handler that turns domain errors into each
 * surface's error body (gateway text or HTML, Kubo's shape under /api/v0,
 * Cairn's JSON elsewhere).
 */
export function baseApp (listener: Listener, log: Logger, metrics: CairnMetrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use(answerHeaders())
  app.use(requestId())
  app.use(observe(listener, log, metrics))

  app.notFound((c) => c.json(cairnErrorBody({ status: 404, name: 'NotFound', message: `no route for ${c.req.method} ${c.req.path}`, internal: false }), 404))

  app.onError((err, c) => {
    const error = toHttpError(err)
    if (error.internal) {
      log.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed')
    }
    if (isGatewayRequest(c)) {
      return gatewayErrorResponse(c, error)
    }
    const body = c.req.path.startsWith('/api/v0/') ? kuboErrorBody(error) : cairnErrorBody(error)
    return c.json(body, error.status)
  })
  return app
}
