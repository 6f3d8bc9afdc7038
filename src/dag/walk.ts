import { notLocal } from '../blocks/get.ts'
import { IdleDeadline } from '../deadline.ts'
import { LimitExceededError } from '../errors.ts'
import { DAG_PREFETCH_BLOCKS, MAX_DAG_BLOCKS } from './limits.ts'
import { namedLinksOf } from './links.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What a walk does about a block this node lacks: ask peers, pass over it and what lies below (Kubo's `local-only`), or fail. */
export type MissingBlocks = 'fetch' | 'skip' | 'fail'

/** Where a walk reads blocks (Helia's blockstore, or the gateway's retrieval policy over it) and decodes their links. */
export interface WalkSource {
  blockstore: Pick<Helia['blockstore'], 'get'>
  getCodec: Helia['getCodec']
}

/** A link the walk will follow: its target, its name, and what the caller attached to it. */
export interface WalkStep<S> {
  cid: CID
  name: string
  state: S
}

export interface WalkOptions<S> {
  missing: MissingBlocks
  /** Fail when no block has arrived for this long. Without it, only `signal` bounds the wait (the gateway's blockstore has its own per-block deadline). */
  idleTimeoutMs?: number
  /** Fail with LimitExceededError past this many visits. @default MAX_DAG_BLOCKS */
  maxBlocks?: number
  /** Visit blocks down to this depth (the root is 0), and no deeper. @default Infinity */
  maxDepth?: number
  /**
   * Visit each block once, at its first sighting (see `walkAgain`). When
   * false, a block is visited again for every link that leads to it (Kubo's
   * `refs` without `--unique`, a CAR with `dups=y`). @default true
   */
  unique?: boolean
  /**
   * With `unique`: whether a block visited before is walked again (and
   * yielded with `again`) when a link leads to it once more. By default only
   * when it is reached higher up a depth-bounded walk, where its children
   * may now be within reach.
   */
  walkAgain?: (step: WalkStep<S> & { depth: number }, depthBefore: number) => boolean
  /** Blocks visited and their depth, shared between walks so a block reached by two of them is walked once. */
  seen?: Map<string, number>
  /** Blocks loaded ahead of the one the caller holds. @default DAG_PREFETCH_BLOCKS */
  prefetch?: number
  /** The links a visited block leads on to, in order. @default every link, named as `namedLinksOf` names it */
  follow?: (block: VisitedBlock<S>) => Promise<Array<WalkStep<S>>>
  /** What the root carries for `follow`. */
  rootState?: S
  /** The root's bytes, when the caller has already read them. */
  rootBytes?: Uint8Array
  signal?: AbortSignal
}

export interface DagBlock {
  cid: CID
  bytes: Uint8Array
}

/** A block as a walk reached it: through which link of which parent, at what depth. */
export interface VisitedBlock<S = undefined> extends DagBlock {
  /** 0 for the root. */
  depth: number
  /** The block whose link led here; undefined for the root. */
  parent?: CID
  /** That link's name: the dag-pb link name, or the path to the link inside other nodes. */
  name: string
  /** What `follow` attached to the link. */
  state: S
  /** With `unique`: this block was yielded before and is walked again (see `walkAgain`). */
  again: boolean
}

interface Pending<S> extends WalkStep<S> {
  depth: number
  parent?: CID
}

/**
 * The one DAG walker: visits a DAG depth-first, children in link order, the
 * order of Kubo's `dag export`, `refs` and the trustless gateway's CARs, so a
 * CAR Kubo wrote is written again byte for byte. What to follow (every link,
 * or a CAR's scope and byte range), how often a block is visited, how deep
 * and how many blocks are options. A few blocks ahead are loaded while the
 * caller handles the current one. Fails with LimitExceededError past
 * `maxBlocks` visits, and with ContentNotFoundError when a block neither is
 * here nor arrives within the idle timeout; the clock stops while the caller
 * holds a block, so a slow reader is never taken for a missing block.
 */
export async function * walkDag<S = undefined> (source: WalkSource, root: CID, options: WalkOptions<S>): AsyncGenerator<VisitedBlock<S>> {
  const limit = options.maxBlocks ?? MAX_DAG_BLOCKS
  const unique = options.unique ?? true
  const maxDepth = options.maxDepth ?? Infinity
  const ahead = options.prefetch ?? DAG_PREFETCH_BLOCKS
  const walkAgain = options.walkAgain ?? ((step, before) => maxDepth !== Infinity && step.depth < before)
  const follow = options.follow ?? (async block => (await namedLinksOf(source.getCodec, block.cid, block.bytes)).map(link => ({ ...link, state: block.state })))
  const deadline = options.idleTimeoutMs == null ? undefined : new IdleDeadline(options.idleTimeoutMs, options.signal)
  const stop = new AbortController()
  const signal = AbortSignal.any([stop.signal, ...[deadline?.signal ?? options.signal].filter(s => s != null)])
  const seen = options.seen ?? new Map<string, number>()
  const stack: Array<Pending<S>> = [{ cid: root, depth: 0, name: '', state: options.rootState as S }]
  const loading = new Map<string, Promise<Uint8Array | undefined>>()
  if (options.rootBytes != null) {
    loading.set(root.toString(), Promise.resolve(options.rootBytes))
  }
  let current = root
  let visits = 0

  const fetchBlock = async (cid: CID): Promise<Uint8Array | undefined> => {
    try {
      const chunks = await Array.fromAsync(source.blockstore.get(cid, { signal, offline: options.missing !== 'fetch' }))
      deadline?.touch()
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
  /** Whether to visit a block reached through `step`, given when it was visited before. */
  const visit = (step: Pending<S>): boolean => {
    const before = seen.get(step.cid.toString())
    return before == null || !unique || walkAgain(step, before)
  }
  const prefetch = (): void => {
    const bottom = Math.max(0, stack.length - ahead)
    for (let i = stack.length - 1; i >= bottom && loading.size < ahead; i--) {
      const next = stack[i]
      if (next != null && visit(next)) {
        void load(next.cid)
      }
    }
  }

  try {
    for (let next = stack.pop(); next != null; next = stack.pop()) {
      current = next.cid
      const key = next.cid.toString()
      if (!visit(next)) {
        loading.delete(key)
        continue
      }
      const again = unique && seen.has(key)
      seen.set(key, Math.min(next.depth, seen.get(key) ?? Infinity))
      if (++visits > limit) {
        throw new LimitExceededError(`the DAG under ${root.toString()} has more than ${limit} blocks`)
      }
      const bytes = await load(next.cid)
      loading.delete(key)
      if (bytes == null) {
        continue
      }
      const block: VisitedBlock<S> = { cid: next.cid, bytes, depth: next.depth, parent: next.parent, name: next.name, state: next.state, again }
      if (next.depth < maxDepth) {
        const links = await follow(block)
        for (let i = links.length - 1; i >= 0; i--) {
          const link = links[i]
          const step = link == null ? undefined : { ...link, depth: next.depth + 1, parent: next.cid }
          if (step != null && visit(step)) {
            stack.push(step)
          }
        }
      }
      prefetch()
      deadline?.clear()
      yield block
      deadline?.touch()
    }
  } catch (err) {
    throw deadline == null ? err : deadline.explain(err, `block ${current.toString()}`)
  } finally {
    stop.abort()
    deadline?.clear()
  }
}
