import { notLocal } from '../blocks/get.ts'
import { IdleDeadline } from '../content/idle-deadline.ts'
import { ContentNotFoundError } from '../errors.ts'
import { walkDag } from './dag-walk.ts'
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
}

/**
 * Makes every block of a DAG local, fetching what is missing from peers.
 * A DAG nobody serves fails with ContentNotFoundError after the idle timeout
 * instead of waiting forever; a large one that keeps arriving is never cut off.
 */
export async function fetchDag (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: FetchDagOptions): Promise<FetchProgress> {
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  const progress: FetchProgress = { blocks: 0, bytes: 0 }
  try {
    for await (const block of walkDag(helia, root, { depth: options.depth, offline: options.offline, signal: deadline.signal })) {
      deadline.touch()
      progress.blocks++
      progress.bytes += block.bytes.byteLength
      options.onProgress?.({ ...progress })
    }
    return progress
  } catch (err) {
    if ((err as Error).name === 'BlockNotFoundWhileOfflineError') {
      throw progress.blocks === 0 ? notLocal(root) : new ContentNotFoundError(`block was not found locally (offline): the DAG under ${root.toString()} is incomplete here`)
    }
    throw deadline.explain(err, root.toString())
  } finally {
    deadline.clear()
  }
}
