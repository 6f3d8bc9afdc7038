import { createRoute, z } from '@hono/zod-openapi'
import { openApiRoutes } from './openapi/app.ts'
import { json } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'

const Readiness = z.object({
  status: z.enum(['ready', 'starting', 'stopping', 'stopped']),
  peerId: z.string().optional(),
  connections: z.number().optional(),
  peers: z.array(z.string()).optional().openapi({ description: 'Distinct connected peers, so an operator sees whether CAIRN_PEERS are up' })
}).openapi('Readiness')

const tags = ['health']
const routes = {
  healthz: createRoute({ method: 'get', path: '/healthz', tags, summary: 'The process is up (both listeners)', responses: { 200: json(z.object({ status: z.literal('ok') }), 'Up') } }),
  readyz: createRoute({
    method: 'get',
    path: '/readyz',
    tags,
    summary: 'The node is started and its stores open (both listeners)',
    responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Starting or stopping') }
  })
}

/** Liveness and readiness, public, for orchestrators and load balancers. */
export function healthRoutes ({ node }: RouteDeps) {
  return openApiRoutes()
    .openapi(routes.healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(routes.readyz, (c) => {
      if (node.status !== 'started') {
        return c.json({ status: node.status }, 503)
      }
      const libp2p = node.helia.libp2p
      return c.json({
        status: 'ready' as const,
        peerId: libp2p.peerId.toString(),
        connections: libp2p.getConnections().length,
        peers: libp2p.getPeers().map(peer => peer.toString()).toSorted()
      }, 200)
    })
}
