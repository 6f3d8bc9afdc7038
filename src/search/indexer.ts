import { pinListing } from '../pins.ts'
import { pinEntries } from './pin-entries.ts'
import type { Catalog } from './catalog.ts'
import type { PinRecordChange } from '../pins/record-watch.ts'
import type { Logger } from '../logger.ts'
import type { Helia, Pin } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export interface IndexerComponents {
  catalog: Catalog
  helia: Pick<Helia, 'pins'>
  /** This node's own blocks: indexing never fetches. */
  blockstore: Pick<Blockstore, 'get'>
  log: Logger
  /** Called with a pin's root once its entries are in the catalog. */
  onIndexed?(root: string): void
}

export interface IndexerInit {
  depth: number
  signal: AbortSignal
}

/**
 * Keeps the catalog in step with the pins. A pin that stops being public
 * (unmarked or unpinned) leaves the catalog in the same call that reports
 * it; a pin that becomes public is indexed in the background, one at a
 * time, and an index run overtaken by a later change to the same pin is
 * thrown away rather than added.
 */
export class Indexer {
  private readonly components: IndexerComponents
  private readonly init: IndexerInit
  /** The latest state reported for each pin not yet indexed, by root. */
  private readonly pending = new Map<string, { cid: CID, metadata: Record<string, unknown> }>()
  /** Bumped on every change to a root, so a run can tell that it was overtaken. */
  private readonly generations = new Map<string, number>()
  private running: Promise<void> | undefined

  constructor (components: IndexerComponents, init: IndexerInit) {
    this.components = components
    this.init = init
  }

  changed (change: PinRecordChange): void {
    const root = change.cid.toString()
    this.generations.set(root, (this.generations.get(root) ?? 0) + 1)
    const listing = change.metadata == null ? undefined : pinListing({ metadata: change.metadata as Pin['metadata'] })
    if (listing?.public !== true) {
      this.pending.delete(root)
      if (this.components.catalog.remove(root)) {
        this.components.log.info({ cid: root }, 'removed from the search catalog')
      }
      return
    }
    this.pending.set(root, { cid: change.cid, metadata: change.metadata ?? {} })
    this.running ??= this.drain().finally(() => { this.running = undefined })
  }

  /**
   * Brings the catalog in line with the pins as they are now: public pins
   * missing from it are indexed, roots that are no longer public pins go.
   */
  async reconcile (): Promise<void> {
    const publicRoots = new Set<string>()
    for await (const pin of this.components.helia.pins.ls({ signal: this.init.signal })) {
      const root = pin.cid.toString()
      if (pinListing(pin).public) {
        publicRoots.add(root)
        if (!this.components.catalog.has(root)) {
          this.changed({ cid: pin.cid, metadata: pin.metadata })
        }
      }
    }
    for (const root of this.components.catalog.roots()) {
      if (!publicRoots.has(root) && !this.pending.has(root)) {
        this.components.catalog.remove(root)
      }
    }
  }

  /** Resolves once every pin reported so far is indexed. */
  async idle (): Promise<void> {
    while (this.running != null) {
      await this.running
    }
  }

  private async drain (): Promise<void> {
    while (this.pending.size > 0 && !this.init.signal.aborted) {
      const [root, next] = this.pending.entries().next().value as [string, { cid: CID, metadata: Record<string, unknown> }]
      this.pending.delete(root)
      const generation = this.generations.get(root)
      try {
        const listing = pinListing({ metadata: next.metadata as Pin['metadata'] })
        const entries = await pinEntries(this.components.blockstore, next.cid, listing, { depth: this.init.depth, signal: this.init.signal })
        if (this.generations.get(root) === generation) {
          this.components.catalog.put(root, entries)
          this.components.log.info({ cid: root, entries: entries.length }, 'added to the search catalog')
          this.components.onIndexed?.(root)
        }
      } catch (err) {
        this.components.log.warn({ cid: root, err: (err as Error).message }, 'could not index a public pin')
      }
    }
  }
}
