import { baseApp } from './app-base.ts'
import { consoleRoutes } from './console.ts'
import { docsRoutes } from './docs.ts'
import { healthRoutes } from './health.ts'
import { kuboRoutes } from './kubo/index.ts'
import { apiOrigins } from './middleware/api-origins.ts'
import { bodyIdleTimeout } from './middleware/body-idle-timeout.ts'
import { jsonBodyLimit } from './middleware/json-body-limit.ts'
import { authorize } from './middleware/authorize.ts'
import { metricsRoutes } from './metrics.ts'
import { namesRoutes } from './names.ts'
import { nodeStatusRoutes } from './node-status.ts'
import { pinListRoutes } from './pin-list.ts'
import { pinsRoutes } from './pins.ts'
import { routingV1IpnsPut } from './routing-v1.ts'
import { searchRoutes } from './search.ts'
import { tokensRoutes } from './tokens.ts'
import type { Tokens } from '../src/auth/tokens.ts'
import type { AppEnv } from './env.ts'
import type { CairnNode } from '../src/node.ts'
import type { Logger } from '../src/logger.ts'
import type { Hono } from 'hono'

export interface ApiAppOptions {
  node: CairnNode
  tokens: Tokens
  logger: Logger
  /** The gateway listener's base URL, told to clients (the console links content there). */
  gatewayUrl?: string
  /** When the service started, for uptime. @default now */
  startedAt?: Date
  /** Where the built console is; tests point elsewhere. @default CONSOLE_DIR */
  consoleDir?: string
}

/**
 * The API's listener (Kubo's :5001), on an origin of its own: Kubo RPC
 * (`/api/v0`), Cairn's API (`/api/v1`), the Pinning Service API (`/pins`)
 * and `PUT /routing/v1/ipns`, all behind a token with the scope each path
 * needs; health and the API's own description are open. A browser request
 * from an origin that is neither this one nor listed in
 * CAIRN_API_CORS_ORIGINS is refused before anything runs. The web
 * console (`/webui/`, where `/` leads) is a page of this origin that uses
 * the same API as any other client.
 */
export function createApiApp ({ node, tokens, logger, gatewayUrl, startedAt = new Date(), consoleDir }: ApiAppOptions): Hono<AppEnv> {
  const deps = { node }
  const log = logger.child({ component: 'cairn:api' })
  const app = baseApp('api', log, node.metrics)

  app.use(bodyIdleTimeout(node.config.apiIdleTimeoutMs, log))
  app.use(apiOrigins(node.config.apiCorsOrigins, node.config.trustProxy))
  app.use(jsonBodyLimit())
  app.route('/', healthRoutes(deps))
  // public: a description of the API holds no secret
  app.route('/', docsRoutes({ ...deps, tokens, gatewayUrl, startedAt }))
  app.route('/', consoleRoutes(consoleDir))
  app.use('/api/*', authorize(tokens))
  app.use('/routing/v1/*', authorize(tokens))

  app.route('/api/v0', kuboRoutes(deps))
  app.route('/api/v1/names', namesRoutes(deps))
  app.route('/api/v1/node', nodeStatusRoutes({ ...deps, gatewayUrl, startedAt }))
  app.route('/api/v1/pins', pinListRoutes(deps))
  app.route('/api/v1/search', searchRoutes(deps))
  // the Pinning Service API: bearer token required, the spec's error bodies (see routes/pins.ts)
  app.route('/api/v1/tokens', tokensRoutes({ tokens }))
  app.route('/debug/metrics', metricsRoutes({ ...deps, tokens }))
  app.route('/pins', pinsRoutes({ ...deps, tokens }))
  app.route('/routing/v1', routingV1IpnsPut(deps))
  return app
}
