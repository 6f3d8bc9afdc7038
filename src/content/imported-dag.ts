import * as dagPb from '@ipld/dag-pb'
import { createUnsafe } from 'multiformats/block'
import { multihashKey } from '../pins/records.ts'
import type { GraphNode, GraphWalker, GraphWalkerComponents, GraphWalkerFactory, WalkOptions } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/** Blocks whose links one import remembers; past this, pins walk the blockstore as usual. @default 1_000_000 */
export const MAX_RECORDED_BLOCKS = 1_000_000

type PutStore = Pick<Blockstore, 'put'>

/** Block writes an import keeps under way at once. @default 16 */
export const WRITES_IN_FLIGHT = 16

const NO_BYTES = new Uint8Array()

/**
 * The shape of the DAG an import just wrote, kept as CID → links while the
 * blocks go to disk, so pinning its roots needs no second read of every
 * block: Helia's default walker reads the whole upload back (a 256 MiB add
 * spent 40% of its time there in the bench). Only the links are kept, a few
 * bytes per block; leaves (raw, or dag-pb without links) are remembered as
 * having none.
 */
export class ImportedDag {
  readonly #links = new Map<string, CID[]>()
  #overflow = false

  /**
   * Wraps `store` so that every block put through it is recorded, and
   * written behind: a put returns once its write has started, with up to
   * `inFlight` writes under way, so the importer goes on to the next file
   * while the disk works (a 64-byte file's add waited ~1 ms on its own
   * block's file system calls). `flushed()` waits for every write and
   * throws the first that failed; a later put throws it too.
   */
  recording (store: PutStore, inFlight = WRITES_IN_FLIGHT): PutStore & { flushed(): Promise<void> } {
    const writing = new Set<Promise<void>>()
    let failure: Error | undefined
    return {
      put: async (cid, bytes, options) => {
        this.record(cid, bytes)
        while (writing.size >= inFlight) {
          await Promise.race(writing)
        }
        if (failure != null) {
          throw failure
        }
        const write: Promise<void> = Promise.resolve(store.put(cid, bytes, options)).then(
          () => { writing.delete(write) },
          (err: Error) => { writing.delete(write); failure ??= err }
        )
        writing.add(write)
        return cid
      },
      async flushed () {
        await Promise.all(writing)
        if (failure != null) {
          throw failure
        }
      }
    }
  }

  record (cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): void {
    if (this.#overflow) {
      return
    }
    if (this.#links.size >= MAX_RECORDED_BLOCKS || !(bytes instanceof Uint8Array)) {
      this.#overflow = true
      this.#links.clear()
      return
    }
    this.#links.set(cid.toString(), cid.code === dagPb.code ? dagPb.decode(bytes).Links.map(link => link.Hash) : [])
  }

  /**
   * Every block of the DAG under `root`, as recorded (keys of its
   * multihash); undefined when the import did not record all of them.
   */
  blocksUnder (root: CID): Set<string> | undefined {
    if (this.#overflow) {
      return undefined
    }
    const blocks = new Set<string>()
    const stack = [root]
    for (let cid = stack.pop(); cid != null; cid = stack.pop()) {
      const links = this.#links.get(cid.toString())
      if (links == null) {
        return undefined
      }
      blocks.add(multihashKey(cid))
      stack.push(...links)
    }
    return blocks
  }

  /**
   * A walker for `pins.add` over the recorded blocks. Helia's pinning reads
   * only each node's CID, so the nodes carry no bytes; a CID not recorded
   * (the import overflowed) is read from the blockstore as the default walker would.
   */
  walker (): GraphWalkerFactory {
    return (components) => new RecordedWalker(this.#overflow ? undefined : this.#links, components)
  }
}

class RecordedWalker implements GraphWalker {
  private readonly links: Map<string, CID[]> | undefined
  private readonly components: GraphWalkerComponents

  constructor (links: Map<string, CID[]> | undefined, components: GraphWalkerComponents) {
    this.links = links
    this.components = components
  }

  async * walk<T = unknown> (root: CID, options: WalkOptions<T> = {}): AsyncGenerator<GraphNode<T>> {
    const maxDepth = options.depth ?? Infinity
    const seen = new Set<string>()
    const stack: Array<{ cid: CID, depth: number, path: CID[] }> = [{ cid: root, depth: 0, path: [root] }]
    for (let next = stack.pop(); next != null; next = stack.pop()) {
      options.signal?.throwIfAborted()
      const { cid, depth, path } = next
      const key = cid.toString()
      if (seen.has(key)) {
        continue
      }
      seen.add(key)
      const { block, links } = await this.node<T>(cid, options)
      yield { block, depth, path }
      if (depth < maxDepth) {
        for (const child of links.toReversed()) {
          if (options.includeChild?.(child, block) !== false) {
            stack.push({ cid: child, depth: depth + 1, path: [...path, child] })
          }
        }
      }
    }
  }

  private async node<T> (cid: CID, options: WalkOptions<T>): Promise<{ block: GraphNode<T>['block'], links: CID[] }> {
    const known = this.links?.get(cid.toString())
    if (known != null) {
      return { block: createUnsafe<T, number, number, 0 | 1>({ cid, bytes: NO_BYTES, value: null as T }), links: known }
    }
    const bytes = Buffer.concat(await Array.fromAsync(this.components.blockstore.get(cid, options)))
    const codec = await this.components.getCodec(cid.code)
    const block = createUnsafe<T, number, number, 0 | 1>({ cid, bytes, codec })
    return { block, links: [...block.links()].map(([, link]) => link) }
  }
}
