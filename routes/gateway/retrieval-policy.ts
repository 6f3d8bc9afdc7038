import { Retrieval } from '../../src/gateway/retrieval.ts'
import type { PeerCarScope } from '../../src/retrieval/index.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

export interface PolicyOptions {
  /**
   * How much of a missing DAG to ask peers' gateways for as one CAR: the
   * entity below the missing block (a whole file; a directory's own blocks),
   * everything below it (a CAR of dag-scope=all), or nothing (a single raw
   * block: bitswap alone). @default 'entity'
   */
  peerScope?: PeerCarScope | 'none'
}

/**
 * The retrieval policy of every gateway answer, trustless or not: local
 * blocks first, then DAGs from Cairn peers' gateways (verified block by
 * block), then bitswap; `CAIRN_GATEWAY_RETRIEVAL_TIMEOUT_MS` without a new
 * block ends the retrieval, the request's deadline ends it too, nothing
 * fetched under `CAIRN_GATEWAY_NO_FETCH` or `Cache-Control: only-if-cached`,
 * and the client's disconnect stopping the work.
 */
export function retrievalPolicy (c: Context<AppEnv>, { node }: RouteDeps, options: PolicyOptions = {}): Retrieval {
  const blockTimeoutMs = node.config.gatewayRetrievalTimeoutMs
  const scope = options.peerScope ?? 'entity'
  const { peerFetch } = node
  // the session takes the retrieval's own signal (the request's and its deadline), made only on a miss
  const peers = scope === 'none' || peerFetch == null ? undefined : (signal: AbortSignal) => peerFetch.session({ scope, signal, idleMs: Math.max(1, Math.floor(blockTimeoutMs / 2)) })
  return new Retrieval({ local: node.localBlocks, store: node.helia.blockstore, peers }, {
    blockTimeoutMs,
    signal: c.req.raw.signal,
    deadline: c.var.deadline,
    onlyIfCached: /(^|,)\s*only-if-cached\s*(,|$)/i.test(c.req.header('cache-control') ?? ''),
    noFetch: node.config.gatewayNoFetch
  })
}
