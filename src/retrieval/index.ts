/**
 * Fetching DAGs from other Cairn nodes' gateways, alongside bitswap.
 *
 * Cairn peers tell each other where their HTTP gateway listens
 * (`/cairn/gateway/1.0.0`). When a gateway answer needs a block this node
 * lacks, it asks connected Cairn peers, then holders the routing names, for
 * a trustless CAR of the DAG below that block (`only-if-cached`, so a peer
 * only serves what it holds), stores each block once its hash matches its
 * CID, and hands it to the answer as it arrives. Whatever no peer gateway
 * brings, bitswap fetches as before, so plain IPFS peers keep serving.
 *
 * @example
 * ```ts
 * const peerFetch = createPeerFetch({ libp2p, routing, blockstore, getHasher, getCodec, log }, { rules })
 * await peerFetch.start()
 * peerFetch.setGateway('http://127.0.0.1:8080')
 * const session = peerFetch.session({ scope: 'entity', idleMs: 5000, signal })
 * const bytes = await session.get(cid) // Uint8Array, 'local', or undefined: ask bitswap
 * ```
 */
import { PEER_FETCH_AHEAD_BYTES, PEER_FETCH_MAX_DAGS_PER_REQUEST } from '../constants.ts'
import { DagPrefetch } from './dag-prefetch.ts'
import { GatewayAddressProtocol } from './gateway-protocol.ts'
import { PeerGateways } from './peer-gateways.ts'
import type { PeerCarScope } from './car-fetch.ts'
import type { PeerFetchStats, PrefetchAnswer, PrefetchComponents } from './dag-prefetch.ts'
import type { GatewayAddressRules } from './gateway-address.ts'
import type { Logger } from '../logger.ts'
import type { Blocks, Helia, Routing } from '@helia/interface'
import type { Libp2p } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

export type { PeerCarScope } from './car-fetch.ts'
export type { PeerFetchStats, PrefetchAnswer } from './dag-prefetch.ts'
export type { GatewayAddressRules } from './gateway-address.ts'

export interface PeerFetchComponents {
  libp2p: Pick<Libp2p, 'handle' | 'unhandle' | 'dial' | 'getMultiaddrs' | 'getPeers' | 'peerStore' | 'peerId'>
  routing: Pick<Routing, 'findProviders'>
  blockstore: Pick<Blocks, 'put' | 'has'>
  getHasher: Helia['getHasher']
  getCodec: Helia['getCodec']
  log: Logger
}

export interface PeerFetchInit {
  rules: GatewayAddressRules
  /** @default PEER_FETCH_AHEAD_BYTES */
  aheadBytes?: number
  /** @default PEER_FETCH_MAX_DAGS_PER_REQUEST */
  maxDagsPerRequest?: number
}

export interface SessionOptions {
  /** `all` when the reader wants every block below (a CAR of dag-scope=all), else `entity`. */
  scope: PeerCarScope
  /** A DAG fetch ends when neither a block nor a request for one comes for this long. */
  idleMs: number
  signal: AbortSignal
}

export class PeerFetch {
  readonly stats: PeerFetchStats = { cars: 0, blocks: 0, bytes: 0, rejected: 0 }
  private readonly protocol: GatewayAddressProtocol
  private readonly prefetch: PrefetchComponents
  private readonly init: PeerFetchInit

  constructor (components: PeerFetchComponents, init: PeerFetchInit) {
    this.init = init
    this.protocol = new GatewayAddressProtocol(components.libp2p, components.log)
    const gateways = new PeerGateways({ libp2p: components.libp2p, routing: components.routing, protocol: this.protocol, rules: init.rules, log: components.log })
    this.prefetch = {
      gateways,
      blockstore: components.blockstore,
      car: { getHasher: components.getHasher, getCodec: components.getCodec },
      log: components.log,
      stats: this.stats
    }
  }

  async start (): Promise<void> {
    await this.protocol.start()
  }

  async stop (): Promise<void> {
    await this.protocol.stop()
  }

  /** Where this node's own gateway listens, told to peers who ask. */
  setGateway (url: string): void {
    this.protocol.setGateway(url)
  }

  /** One reader's (a gateway request's) view: at most a few DAG fetches, ended with its signal. */
  session (options: SessionOptions): PeerFetchSession {
    return new PeerFetchSession(this.prefetch, {
      ...options,
      aheadBytes: this.init.aheadBytes ?? PEER_FETCH_AHEAD_BYTES,
      maxDags: this.init.maxDagsPerRequest ?? PEER_FETCH_MAX_DAGS_PER_REQUEST
    })
  }
}

export class PeerFetchSession {
  private readonly components: PrefetchComponents
  private readonly options: SessionOptions & { aheadBytes: number, maxDags: number }
  private readonly running: DagPrefetch[] = []
  private started = 0

  constructor (components: PrefetchComponents, options: SessionOptions & { aheadBytes: number, maxDags: number }) {
    this.components = components
    this.options = options
  }

  /** The reader read `cid` from the blockstore. */
  consumed (cid: CID): void {
    for (const prefetch of this.running) {
      prefetch.consumed(cid)
    }
  }

  /**
   * A block this node lacks: waits for it when a running DAG fetch is to
   * bring it, else starts one rooted at it (while the session has fetches
   * left). Undefined when no peer gateway brings it: ask bitswap.
   */
  async get (cid: CID): Promise<PrefetchAnswer> {
    const { signal } = this.options
    const running = this.running.find(prefetch => prefetch.covers(cid))
    if (running != null) {
      return running.wait(cid, signal)
    }
    if (this.started >= this.options.maxDags || signal.aborted) {
      return undefined
    }
    // a fetch that ended since the caller looked may have written it meanwhile
    if (await this.components.blockstore.has(cid, { signal })) {
      return 'local'
    }
    this.started++
    const prefetch = new DagPrefetch(this.components, cid, this.options)
    this.running.push(prefetch)
    void prefetch.finished.then(() => {
      this.running.splice(this.running.indexOf(prefetch), 1)
    })
    return prefetch.wait(cid, signal)
  }
}

export function createPeerFetch (components: PeerFetchComponents, init: PeerFetchInit): PeerFetch {
  return new PeerFetch(components, init)
}
