import { Hono } from 'hono'
import { bandwidthMeter, bitswapStats } from '../../src/metrics/kubo-stats.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

/**
 * `POST /api/v0/stats/bw` and `stats/bitswap`, in Kubo's answer shapes,
 * read from the same registry Prometheus scrapes. Bitswap's want list and
 * provide buffer are not exposed by Helia, so they answer empty; see
 * bitswapStats for what the received counts are.
 */
export function statsRoutes ({ node }: RouteDeps) {
  const bandwidth = bandwidthMeter(node.metrics.registry)
  return new Hono<AppEnv>()
    .post('/bw', async (c) => {
      const bw = await bandwidth()
      return c.json({ TotalIn: bw.totalIn, TotalOut: bw.totalOut, RateIn: bw.rateIn, RateOut: bw.rateOut })
    })
    .post('/bitswap', async (c) => {
      const stats = await bitswapStats(node.metrics.registry)
      return c.json({
        ProvideBufLen: 0,
        Wantlist: [],
        Peers: node.helia.libp2p.getPeers().map(peer => peer.toString()),
        BlocksReceived: stats.blocksReceived,
        DataReceived: stats.dataReceived,
        BlocksSent: stats.blocksSent,
        DataSent: stats.dataSent,
        DupBlksReceived: stats.dupBlksReceived,
        DupDataReceived: stats.dupDataReceived,
        MessagesReceived: stats.blocksReceived
      })
    })
}
