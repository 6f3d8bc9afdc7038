import { ContentNotFoundError } from '../errors.ts'
import { walkDag } from '../dag/walk.ts'
import { peerFirst } from '../retrieval/peer-first.ts'
import type { PeerFetch } from '../retrieval/index.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** Blocks and bytes of a DAG walked so far, present here or fetched from a peer. */
export interface FetchProgress {
  blocks: number
  bytes: number
}

export interface FetchDagOptions {
  /** 0 for the root block only, Infinity for the whole DAG. */
  depth: number
  /** Fail when no block arrives for this long; every block restarts the clock. */
  idleTimeoutMs: number
  /** Read this node's blockstore only: a missing block fails at once. */
  offline?: boolean
  signal?: AbortSignal
  onProgress?: (progress: FetchProgress) => void
  /** Fetch the DAG from Cairn peers' gateways first (one CAR of it all), then bitswap. */
  peerFetch?: Pick<PeerFetch, 'session'>
}

/**
 * Makes every block of a DAG local, fetching what is missing from peers.
 * A DAG nobody serves fails with ContentNotFoundError after the idle timeout
 * instead of waiting forever; a large one that keeps arriving is never cut off.
 */
export async function fetchDag (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: FetchDagOptions): Promise<FetchProgress> {
  const progress: FetchProgress = { blocks: 0, bytes: 0 }
  const offline = options.offline === true
  const lifetime = new AbortController()
  const signal = options.signal == null ? lifetime.signal : AbortSignal.any([options.signal, lifetime.signal])
  const session = offline || options.peerFetch == null || options.depth === 0
    ? undefined
    : options.peerFetch.session({ scope: 'all', idleMs: Math.max(1, Math.floor(options.idleTimeoutMs / 2)), signal })
  const source = session == null ? helia : { blockstore: peerFirst(helia.blockstore, session), getCodec: helia.getCodec }
  try {
    // a pin is the node's own choice: no bound on its size, as in Kubo
    const walk = walkDag(source, root, { missing: offline ? 'fail' : 'fetch', idleTimeoutMs: options.idleTimeoutMs, maxDepth: options.depth, maxBlocks: Infinity, signal: options.signal })
    for await (const block of walk) {
      progress.blocks++
      progress.bytes += block.bytes.byteLength
      options.onProgress?.({ ...progress })
    }
    return progress
  } catch (err) {
    if (offline && progress.blocks > 0 && (err as Error).name === 'ContentNotFoundError') {
      throw new ContentNotFoundError(`block was not found locally (offline): the DAG under ${root.toString()} is incomplete here`)
    }
    throw err
  } finally {
    // the walk has every block it wanted: a CAR still running is not needed
    lifetime.abort()
  }
}
