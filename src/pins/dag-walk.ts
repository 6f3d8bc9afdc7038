import { createUnsafe } from 'multiformats/block'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** Blocks fetched at once when a walk goes to the network. @default 8 */
export const DEFAULT_WALK_CONCURRENCY = 8

export interface WalkedBlock {
  cid: CID
  bytes: Uint8Array
  /** 0 for the root. */
  depth: number
}

export interface DagWalkOptions {
  /** 0 visits the root only, Infinity the whole DAG. */
  depth: number
  /** Read only this node's blockstore; never ask peers. */
  offline?: boolean
  /** With `offline`: pass over a block that is not here (and what lies below it) instead of failing. */
  skipMissing?: boolean
  /** Blocks already visited (shared between walks, so a DAG reached twice is walked once). */
  seen?: Set<string>
  concurrency?: number
  signal?: AbortSignal
}

interface Loaded {
  id: number
  block?: WalkedBlock
  links: CID[]
}

/**
 * Visits every block of a DAG once, whatever its codec, yielding each as it
 * arrives. Up to `concurrency` blocks are loaded at once, so fetching a DAG
 * from peers is not one round trip per block. Helia's own walker loads one
 * block at a time and revisits shared blocks.
 */
export async function * walkDag (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: DagWalkOptions): AsyncGenerator<WalkedBlock> {
  const seen = options.seen ?? new Set<string>()
  if (seen.has(root.toString())) {
    return
  }
  seen.add(root.toString())
  const stop = new AbortController()
  const signal = options.signal == null ? stop.signal : AbortSignal.any([options.signal, stop.signal])
  const concurrency = options.concurrency ?? DEFAULT_WALK_CONCURRENCY
  const queue: Array<{ cid: CID, depth: number }> = [{ cid: root, depth: 0 }]
  const running = new Map<number, Promise<Loaded>>()
  let nextId = 0

  const load = async (id: number, cid: CID, depth: number): Promise<Loaded> => {
    let bytes: Uint8Array
    try {
      bytes = Buffer.concat(await Array.fromAsync(helia.blockstore.get(cid, { signal, offline: options.offline })))
    } catch (err) {
      if (options.skipMissing === true && (err as Error).name === 'BlockNotFoundWhileOfflineError') {
        return { id, links: [] }
      }
      throw err
    }
    const links: CID[] = []
    if (depth < options.depth) {
      const block = createUnsafe({ cid, bytes, codec: await helia.getCodec(cid.code) })
      for (const [, link] of block.links()) {
        links.push(link)
      }
    }
    return { id, block: { cid, bytes, depth }, links }
  }

  try {
    while (queue.length > 0 || running.size > 0) {
      while (running.size < concurrency) {
        const next = queue.shift()
        if (next == null) {
          break
        }
        const id = nextId++
        running.set(id, load(id, next.cid, next.depth))
      }
      const loaded = await Promise.race(running.values())
      running.delete(loaded.id)
      for (const link of loaded.links) {
        if (!seen.has(link.toString())) {
          seen.add(link.toString())
          queue.push({ cid: link, depth: (loaded.block?.depth ?? 0) + 1 })
        }
      }
      if (loaded.block != null) {
        yield loaded.block
      }
    }
  } finally {
    stop.abort()
    for (const pending of running.values()) {
      pending.catch(() => {})
    }
  }
}
