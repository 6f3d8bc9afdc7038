import { Retrieval } from '../../src/gateway/retrieval.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

/**
 * The retrieval policy of every gateway answer, trustless or not: local
 * blocks first, `CAIRN_GATEWAY_RETRIEVAL_TIMEOUT_MS` without a new block
 * ends the retrieval, the request's deadline ends it too, nothing fetched under
 * `CAIRN_GATEWAY_NO_FETCH` or `Cache-Control: only-if-cached`, and the
 * client's disconnect stopping the work.
 */
export function retrievalPolicy (c: Context<AppEnv>, { node }: RouteDeps): Retrieval {
  return new Retrieval({ local: node.localBlocks, store: node.helia.blockstore }, {
    blockTimeoutMs: node.config.gatewayRetrievalTimeoutMs,
    signal: c.req.raw.signal,
    deadline: c.var.deadline,
    onlyIfCached: /(^|,)\s*only-if-cached\s*(,|$)/i.test(c.req.header('cache-control') ?? ''),
    noFetch: node.config.gatewayNoFetch
  })
}
