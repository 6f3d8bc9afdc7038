import { notLocal } from '../blocks/get.ts'
import { IdleDeadline } from '../content/idle-deadline.ts'
import { LimitExceededError } from '../errors.ts'
import { DAG_PREFETCH_BLOCKS, MAX_DAG_BLOCKS } from './limits.ts'
import { namedLinksOf } from './links.ts'
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
  /**
   * Visit each block once, at its first sighting. When false, a block is
   * visited again for every link that leads to it (Kubo's `refs` without
   * `--unique`). @default true
   */
  unique?: boolean
  /** Visit blocks down to this depth (the root is 0), and no deeper. @default Infinity */
  maxDepth?: number
  signal?: AbortSignal
}

export interface DagBlock {
  cid: CID
  bytes: Uint8Array
}

/** A block as a walk reached it: through which link of which parent, at what depth. */
export interface VisitedBlock extends DagBlock {
  /** 0 for the root. */
  depth: number
  /** The block whose link led here; undefined for the root. */
  parent?: CID
  /** That link's name: the dag-pb link name, or the path to the link inside other nodes. */
  name: string
  /**
   * With `unique` and a `maxDepth`, a block met again higher up the DAG than
   * before is walked again below (its children may now be within reach), and
   * this is true; such a block was already yielded once.
   */
  again: boolean
}

interface Pending {
  cid: CID
  depth: number
  parent?: CID
  name: string
}

/**
 * Visits a DAG depth-first, children in link order: the order of Kubo's
 * `dag export`, so a CAR it wrote is written again byte for byte, and of its
 * `refs`. By default each block is visited once, at its first sighting;
 * `unique: false` and `maxDepth` give `refs` its other walks. A few blocks
 * ahead are loaded while the caller handles the current one. Fails with
 * LimitExceededError past `maxBlocks` visits, and with ContentNotFoundError
 * when a block neither is here nor arrives within the idle timeout; the
 * clock stops while the caller holds a block, so a slow reader is never
 * taken for a missing block.
 */
export async function * walkDepthFirst (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: DepthFirstOptions): AsyncGenerator<VisitedBlock> {
  const limit = options.maxBlocks ?? MAX_DAG_BLOCKS
  const unique = options.unique ?? true
  const maxDepth = options.maxDepth ?? Infinity
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  const stop = new AbortController()
  const signal = AbortSignal.any([deadline.signal, stop.signal])
  /** Depth at which each block was first (or most shallowly) visited. */
  const seen = new Map<string, number>()
  const stack: Pending[] = [{ cid: root, depth: 0, name: '' }]
  const loading = new Map<string, Promise<Uint8Array | undefined>>()
  let current = root
  let visits = 0

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
      if (next != null && !(unique && seen.has(next.cid.toString()))) {
        void load(next.cid)
      }
    }
  }
  /** Whether to visit a block reached at `depth`, given when it was visited before. */
  const visit = (key: string, depth: number): boolean => {
    const before = seen.get(key)
    if (before == null || !unique) {
      return true
    }
    // seen before: only worth walking again when reached higher up and depth is bounded
    return maxDepth !== Infinity && depth < before
  }

  try {
    for (let next = stack.pop(); next != null; next = stack.pop()) {
      current = next.cid
      const key = next.cid.toString()
      if (!visit(key, next.depth)) {
        continue
      }
      const again = unique && seen.has(key)
      seen.set(key, next.depth)
      if (++visits > limit) {
        throw new LimitExceededError(`the DAG under ${root.toString()} has more than ${limit} blocks`)
      }
      const bytes = await load(next.cid)
      loading.delete(key)
      if (bytes == null) {
        continue
      }
      if (next.depth < maxDepth) {
        const links = await namedLinksOf(helia.getCodec, next.cid, bytes)
        for (let i = links.length - 1; i >= 0; i--) {
          const link = links[i]
          if (link != null && visit(link.cid.toString(), next.depth + 1)) {
            stack.push({ cid: link.cid, depth: next.depth + 1, parent: next.cid, name: link.name })
          }
        }
      }
      prefetch()
      deadline.clear()
      yield { cid: next.cid, bytes, depth: next.depth, parent: next.parent, name: next.name, again }
      deadline.touch()
    }
  } catch (err) {
    throw deadline.explain(err, `block ${current.toString()}`)
  } finally {
    stop.abort()
    deadline.clear()
  }
}
