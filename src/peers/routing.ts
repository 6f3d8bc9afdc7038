import { peerIdFromCID } from '@libp2p/peer-id'
import { walkDag } from '../dag/walk.ts'
import { ContentNotFoundError, InvalidArgumentError, NotFoundError, NotReadyError } from '../errors.ts'
import { withTimeout } from '../deadline.ts'
import type { CairnHelia } from '../node.ts'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { CID } from 'multiformats/cid'

/** Kubo's default for `routing findprovs --num-providers`. */
export const DEFAULT_NUM_PROVIDERS = 20

/** CIDs announced at once by `routing provide --recursive`. @default 4 */
export const PROVIDE_CONCURRENCY = 4

export interface PeerRecord {
  peer: PeerId
  addresses: Multiaddr[]
}

export interface FindProvidersOptions {
  /** Stop after this many. @default DEFAULT_NUM_PROVIDERS */
  max?: number
  /** The lookup ends (without error) after this long: a DHT query has no end of its own. */
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * The peers that announce `cid`, as the node's routing (the private DHT, or
 * the public network's routers) finds them, each once.
 */
export async function * findProviders (helia: Pick<CairnHelia, 'routing'>, cid: CID, options: FindProvidersOptions): AsyncGenerator<PeerRecord> {
  const max = options.max ?? DEFAULT_NUM_PROVIDERS
  if (!Number.isInteger(max) || max < 1) {
    throw new InvalidArgumentError('number of providers must be greater than 0')
  }
  const signal = withTimeout(options.timeoutMs, options.signal)
  const seen = new Set<string>()
  try {
    for await (const provider of helia.routing.findProviders(cid, { signal })) {
      const peer = peerIdFromCID(provider.id)
      if (seen.has(peer.toString())) {
        continue
      }
      seen.add(peer.toString())
      yield { peer, addresses: provider.multiaddrs }
      if (seen.size >= max) {
        return
      }
    }
  } catch (err) {
    // the time being up ends the list; the caller's own abort is an error
    if (signal.aborted && options.signal?.aborted !== true) {
      return
    }
    throw err
  }
}

/** Where a peer can be reached: what this node knows, else what the routing finds. */
export async function findPeer (helia: Pick<CairnHelia, 'routing' | 'libp2p'>, peer: PeerId, options: { timeoutMs: number, signal?: AbortSignal }): Promise<PeerRecord> {
  if (peer.equals(helia.libp2p.peerId)) {
    throw new InvalidArgumentError('cannot find your own peer ID')
  }
  const signal = withTimeout(options.timeoutMs, options.signal)
  let addresses: Multiaddr[] = []
  try {
    addresses = (await helia.routing.findPeer(peer.toCID(), { signal })).multiaddrs
  } catch (err) {
    if ((err as Error).name !== 'NotFoundError') {
      throw err
    }
  }
  // libp2p may also answer with an empty record for a peer it has heard of but cannot reach
  if (addresses.length === 0) {
    throw new NotFoundError('routing: not found')
  }
  return { peer, addresses }
}

export interface ProvideOptions {
  /** Also announce every block below each CID (found locally). @default false */
  recursive?: boolean
  /** Bound on the whole announcement. */
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Announces that this node holds the given CIDs, as Kubo's `routing provide`:
 * each must be here, and some peer must be connected to hear it. Returns how
 * many CIDs were announced.
 */
export async function provide (helia: Pick<CairnHelia, 'routing' | 'libp2p' | 'blockstore' | 'getCodec'>, cids: CID[], options: ProvideOptions): Promise<number> {
  if (cids.length === 0) {
    throw new InvalidArgumentError('argument "key" is required')
  }
  if (helia.libp2p.getConnections().length === 0) {
    throw new NotReadyError('cannot provide, no connected peers')
  }
  for (const cid of cids) {
    if (!await helia.blockstore.has(cid, options)) {
      throw new ContentNotFoundError(`block ${cid.toString()} not found locally, cannot provide`)
    }
  }
  const signal = withTimeout(options.timeoutMs, options.signal)
  const keys: CID[] = []
  const seen = new Map<string, number>()
  for (const cid of cids) {
    if (options.recursive === true) {
      for await (const block of walkDag(helia, cid, { missing: 'skip', maxBlocks: Infinity, seen, signal })) {
        keys.push(block.cid)
      }
    } else if (!seen.has(cid.toString())) {
      seen.set(cid.toString(), 0)
      keys.push(cid)
    }
  }
  const queue = [...keys]
  await Promise.all(Array.from({ length: Math.min(PROVIDE_CONCURRENCY, queue.length) }, async () => {
    for (let cid = queue.shift(); cid != null; cid = queue.shift()) {
      await helia.routing.provide(cid, { signal })
    }
  }))
  return keys.length
}
