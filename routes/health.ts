import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from './env.ts'

/** Liveness and readiness, public, for orchestrators and load balancers. */
export function healthRoutes ({ node }: RouteDeps) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', (c) => {
      const ready = node.status === 'started'
      return c.json({
        status: ready ? 'ready' : node.status,
        peerId: ready ? node.helia.libp2p.peerId.toString() : undefined,
        connections: ready ? node.helia.libp2p.getConnections().length : undefined
      }, ready ? 200 : 503)
    })
}
