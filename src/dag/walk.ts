import { notLocal } from '../blocks/get.ts'
import { IdleDeadline } from '../content/idle-deadline.ts'
import { LimitExceededError } from '../errors.ts'
import { DAG_PREFETCH_BLOCKS, MAX_DAG_BLOCKS } from './limits.ts'
import { linksOf } from './links.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What a walk does about a block this node lacks: ask peers, pass over it and what lies below (Kubo's `local-only`), or fail. */
export type MissingBlocks = 'fetch' | 'skip' | 'fail'

export interface DepthFirstOptions {
  missing: MissingBlocks
  /** With `fetch`: fail when no block has arrived for this long. */
  idleTimeoutMs: number
  /** @default MAX_DAG_BLOCKS */
  maxBlocks?: number
  signal?: AbortSignal
}

export interface DagBlock {
  cid: CID
  bytes: Uint8Array
}

/**
 * Visits a DAG depth-first, each block once at its first sighting, children
 * in link order: the order of Kubo's `dag export`, so a CAR it wrote is
 * written again byte for byte. A few blocks ahead are loaded while the
 * caller handles the current one. Fails with LimitExceededError past
 * `maxBlocks`, and with ContentNotFoundError when a block neither is here
 * nor arrives within the idle timeout; the clock stops while the caller
 * holds a block, so a slow reader is never taken for a missing block.
 */
export async function * walkDepthFirst (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: DepthFirstOptions): AsyncGenerator<DagBlock> {
  const limit = options.maxBlocks ?? MAX_DAG_BLOCKS
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  const stop = new AbortController()
  const signal = AbortSignal.any([deadline.signal, stop.signal])
  const seen = new Set<string>()
  const stack: CID[] = [root]
  const loading = new Map<string, Promise<Uint8Array | undefined>>()
  let current = root

  const fetchBlock = async (cid: CID): Promise<Uint8Array | undefined> => {
    try {
      const chunks = await Array.fromAsync(helia.blockstore.get(cid, { signal, offline: options.missing !== 'fetch' }))
      deadline.touch()
      return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
    } catch (err) {
      if ((err as Error).name !== 'BlockNotFoundWhileOfflineError') {
        throw err
      }
      if (options.missing === 'skip') {
        return undefined
      }
      throw notLocal(cid)
    }
  }
  const load = (cid: CID): Promise<Uint8Array | undefined> => {
    const key = cid.toString()
    let pending = loading.get(key)
    if (pending == null) {
      pending = fetchBlock(cid)
      // awaited when the walk reaches it; dropped if the walk ends first
      pending.catch(() => {})
      loading.set(key, pending)
    }
    return pending
  }
  const prefetch = (): void => {
    const bottom = Math.max(0, stack.length - DAG_PREFETCH_BLOCKS)
    for (let i = stack.length - 1; i >= bottom && loading.size < DAG_PREFETCH_BLOCKS; i--) {
      const next = stack[i]
      if (next != null && !seen.has(next.toString())) {
        void load(next)
      }
    }
  }

  try {
    for (let next = stack.pop(); next != null; next = stack.pop()) {
      current = next
      const key = next.toString()
      if (seen.has(key)) {
        continue
      }
      seen.add(key)
      if (seen.size > limit) {
        throw new LimitExceededError(`the DAG under ${root.toString()} has more than ${limit} blocks`)
      }
      const bytes = await load(next)
      loading.delete(key)
      if (bytes == null) {
        continue
      }
      const links = await linksOf(helia.getCodec, next, bytes)
      for (let i = links.length - 1; i >= 0; i--) {
        const link = links[i]
        if (link != null && !seen.has(link.toString())) {
          stack.push(link)
        }
      }
      prefetch()
      deadline.clear()
      yield { cid: next, bytes }
      deadline.touch()
    }
  } catch (err) {
    throw deadline.explain(err, `block ${current.toString()}`)
  } finally {
    stop.abort()
    deadline.clear()
  }
}
