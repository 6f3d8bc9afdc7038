import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { cairnErrorBody, kuboErrorBody, toHttpError } from './errors.ts'
import { healthRoutes } from './health.ts'
import { subdomainGateway } from './gateway/subdomain.ts'
import { gatewayErrorResponse, gatewayRoutes, isGatewayRequest } from './gateway/index.ts'
import { kuboRoutes } from './kubo/index.ts'
import { requestLog } from './middleware/request-log.ts'
import { requireToken } from './middleware/require-token.ts'
import { namesRoutes } from './names.ts'
import { pinsRoutes } from './pins.ts'
import { routingV1Routes } from './routing-v1.ts'
import { routingV1ContentRoutes } from './routing-v1-content.ts'
import type { AppEnv } from './env.ts'
import type { CairnNode } from '../src/node.ts'
import type { Logger } from '../src/logger.ts'

export interface AppOptions {
  node: CairnNode
  apiToken: string
  logger: Logger
}

/**
 * The whole HTTP surface as a Hono app, apart from listening. Read routes
 * (gateway, health) are public; everything under /api needs the token.
 */
export function createApp ({ node, apiToken, logger }: AppOptions): Hono<AppEnv> {
  const log = logger.child({ component: 'cairn:http' })
  const deps = { node }
  const app = new Hono<AppEnv>()

  app.use(requestId())
  app.use(requestLog(log))
  // on a content origin (<cid>.ipfs.<domain>) every path is content, /api/… included
  app.use(subdomainGateway(deps))
  app.use('/api/*', requireToken(apiToken))

  app.route('/', healthRoutes(deps))
  app.route('/api/v0', kuboRoutes(deps))
  app.route('/api/v1/names', namesRoutes(deps))
  // the Pinning Service API: bearer token required, the spec's error bodies (see routes/pins.ts)
  app.route('/pins', pinsRoutes({ ...deps, apiToken }))
  app.route('/routing/v1', routingV1Routes({ ...deps, apiToken }))
  app.route('/routing/v1', routingV1ContentRoutes(deps))
  app.route('/', gatewayRoutes(deps))

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
