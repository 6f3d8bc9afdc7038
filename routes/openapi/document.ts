import { OpenAPIHono } from '@hono/zod-openapi'
import { healthRoutes } from '../health.ts'
import { metricsRoutes } from '../metrics.ts'
import { namesRoutes } from '../names.ts'
import { nodeStatusRoutes } from '../node-status.ts'
import { pinListRoutes } from '../pin-list.ts'
import { pinsRoutes } from '../pins.ts'
import { routingV1IpnsGet, routingV1IpnsPut } from '../routing-v1.ts'
import { searchRoutes } from '../search.ts'
import { routingV1ContentRoutes } from '../routing-v1-content.ts'
import { tokensRoutes } from '../tokens.ts'
import { versionInfo } from '../../src/node-info.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Tokens } from '../../src/auth/tokens.ts'

/**
 * The OpenAPI 3.1 document of every native route (everything but Kubo's
 * RPC, which Kubo documents, and the gateway's content paths, which the
 * gateway specs do), generated from the very route definitions the two
 * listeners serve and validate with: the same modules, mounted at the same
 * paths, here only to be described.
 */
export function openApiDocument (deps: RouteDeps & { tokens: Tokens, gatewayUrl?: string, startedAt: Date }): object {
  const doc = new OpenAPIHono<AppEnv>()
  doc.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token: the configured one, or one made at /api/v1/tokens'
  })
  doc.route('/', healthRoutes(deps))
  doc.route('/api/v1/names', namesRoutes(deps))
  doc.route('/api/v1/node', nodeStatusRoutes(deps))
  doc.route('/api/v1/pins', pinListRoutes(deps))
  doc.route('/api/v1/search', searchRoutes(deps))
  doc.route('/api/v1/tokens', tokensRoutes(deps))
  doc.route('/pins', pinsRoutes(deps))
  doc.route('/routing/v1', routingV1IpnsGet(deps))
  doc.route('/routing/v1', routingV1IpnsPut(deps))
  doc.route('/routing/v1', routingV1ContentRoutes(deps))
  doc.route('/debug/metrics', metricsRoutes(deps))
  return doc.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Cairn',
      version: versionInfo().version,
      description: 'Cairn\'s native HTTP API. The API listener (default 127.0.0.1:5001) serves /api/v1, /pins, PUT /routing/v1 and /debug; ' +
        'the public gateway listener (default 127.0.0.1:8080) serves GET /routing/v1. Both serve /healthz and /readyz. ' +
        'Kubo\'s RPC (/api/v0) is described by Kubo\'s own documentation.'
    },
    servers: [{ url: '/', description: 'The listener this document was fetched from' }]
  })
}
