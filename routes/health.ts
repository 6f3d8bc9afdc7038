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
        connections: ready ? node.helia.libp2p.getConnections().length : undefined,
        // distinct connected peers, so an operator sees at a glance whether CAIRN_PEERS are up
        peers: ready ? node.helia.libp2p.getPeers().map(peer => peer.toString()).toSorted() : undefined
      }, ready ? 200 : 503)
    })
}
