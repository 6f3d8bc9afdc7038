import { IdleDeadline } from '../content/idle-deadline.ts'
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
    for await (const block of walkDag(helia, root, { depth: options.depth, signal: deadline.signal })) {
      deadline.touch()
      progress.blocks++
      progress.bytes += block.bytes.byteLength
      options.onProgress?.({ ...progress })
    }
    return progress
  } catch (err) {
    throw deadline.explain(err, root.toString())
  } finally {
    deadline.clear()
  }
}
