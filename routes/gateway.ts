import { ResolvedFiles } from '../src/gateway/resolved-files.ts'
import { baseApp } from './app-base.ts'
import { gatewayRoutes } from './gateway/index.ts'
import { subdomainGateway } from './gateway/subdomain.ts'
import { healthRoutes } from './health.ts'
import { concurrencyLimit } from './middleware/concurrency-limit.ts'
import { refuseDotSegments } from './middleware/dot-segments.ts'
import { gatewayCors } from './middleware/gateway-cors.ts'
import { requestDeadline } from './middleware/request-deadline.ts'
import { routingV1IpnsGet } from './routing-v1.ts'
import { routingV1ContentRoutes } from './routing-v1-content.ts'
import type { AppEnv } from './env.ts'
import type { CairnNode } from '../src/node.ts'
import type { Logger } from '../src/logger.ts'
import type { Hono } from 'hono'

export interface GatewayAppOptions {
  node: CairnNode
  logger: Logger
}

/**
 * The public gateway's listener (Kubo's :8080): anonymous, read-only, and
 * bounded. It serves `/ipfs`, `/ipns`, subdomain hosts, `GET /routing/v1/*`
 * and health, nothing else: no token is ever sent to this origin, so the
 * pages it serves cannot script the API. Every answer is CORS-open; at most
 * CAIRN_GATEWAY_MAX_CONCURRENT requests run at once, each for at most
 * CAIRN_GATEWAY_MAX_REQUEST_MS.
 */
export function createGatewayApp ({ node, logger }: GatewayAppOptions): Hono<AppEnv> {
  const deps = { node, files: new ResolvedFiles() }
  const app = baseApp('gateway', logger.child({ component: 'cairn:gateway' }), node.metrics)

  app.use(gatewayCors())
  // health stays answerable however busy the gateway is
  app.route('/', healthRoutes(deps))
  app.use(refuseDotSegments())
  app.use(concurrencyLimit(node.config.gatewayMaxConcurrent))
  app.use(requestDeadline(node.config.gatewayMaxRequestMs))
  // on a content origin (<cid>.ipfs.<domain>) every path is content
  app.use(subdomainGateway(deps))
  app.route('/routing/v1', routingV1IpnsGet(deps))
  app.route('/routing/v1', routingV1ContentRoutes(deps))
  app.route('/', gatewayRoutes(deps))
  return app
}
