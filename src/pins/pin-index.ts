import { CID } from 'multiformats/cid'
import { blocksPerRoot, multihashKey } from './records.ts'
import { PIN_PREFIX, decodePinRecord } from './record-watch.ts'
import type { PinRecordChange } from './record-watch.ts'
import type { Pin, Pins } from '@helia/interface'
import type { Datastore } from 'interface-datastore'
import type { MultihashDigest } from 'multiformats/hashes/interface'

/**
 * A pin as the index holds it: Helia's record, and once known the CID as it
 * was pinned (a `Qm…` stays `Qm…`; records.ts `pinnedCid` fills it in).
 */
export interface IndexedPin extends Pin {
  pinnedAs?: CID
}

/**
 * Every pin record, in memory. Helia lists pins by reading and decoding each
 * record (a base36 key per pin) and Cairn then read each root's block record
 * to learn the CID as pinned: ~0.1 ms a pin, 4 s at 50,000. The index reads
 * the records once, the first time it is asked, and then follows every write
 * and delete of a pin record (see record-watch.ts), so a listing costs the
 * same whatever ran before it. `warm()` does that reading, and looks up the
 * CIDs as pinned, in the background after start.
 */
export class PinIndex {
  readonly #datastore: Pick<Datastore, 'query' | 'get'>
  #pins?: Map<string, IndexedPin>
  #building?: Promise<Map<string, IndexedPin>>
  /** Changes seen while the records are read, applied once they have been. */
  #changesWhileBuilding: PinRecordChange[] = []
  #warming?: Promise<void>

  constructor (datastore: Pick<Datastore, 'query' | 'get'>) {
    this.#datastore = datastore
  }

  /**
   * Reads the records, and the CIDs as pinned from one read of the block
   * records, in the background, so the first listing finds both ready.
   */
  warm (onError: (err: Error) => void): void {
    this.#warming = (async () => {
      const pins = await this.#ready()
      const roots = await blocksPerRoot(this.#datastore)
      for (const pin of pins.values()) {
        // a CIDv0's bytes are its multihash: a root recorded so was pinned as CIDv0
        pin.pinnedAs ??= roots.has(multihashKey(pin.cid)) ? CID.createV0(pin.cid.multihash as MultihashDigest<0x12>) : pin.cid
      }
    })().catch(onError).finally(() => { this.#warming = undefined })
  }

  /** Every pin, in no promised order: the index's own records, which `pinnedCid` may complete. */
  async all (): Promise<IndexedPin[]> {
    // a listing asks for the CIDs as pinned: one scan under way beats a look-up per pin
    await this.#warming
    return [...(await this.#ready()).values()]
  }

  /** Follows a pin record written or deleted (wired to record-watch.ts). */
  changed (change: PinRecordChange): void {
    if (this.#pins == null) {
      if (this.#building != null) {
        this.#changesWhileBuilding.push(change)
      }
      // not read yet: the build will read this record as it is now
      return
    }
    this.#apply(this.#pins, change)
  }

  #apply (pins: Map<string, IndexedPin>, change: PinRecordChange): void {
    const key = change.cid.toString()
    if (change.metadata == null) {
      pins.delete(key)
      return
    }
    const known = pins.get(key)
    pins.set(key, { cid: change.cid, depth: change.depth ?? Infinity, metadata: change.metadata as Pin['metadata'], pinnedAs: known?.pinnedAs ?? knownAs(change.cid) })
  }

  async #ready (): Promise<Map<string, IndexedPin>> {
    if (this.#pins != null) {
      return this.#pins
    }
    this.#building ??= this.#build().then(
      (pins) => {
        this.#pins = pins
        for (const change of this.#changesWhileBuilding.splice(0)) {
          this.#apply(pins, change)
        }
        return pins
      },
      (err: unknown) => {
        // the next caller tries again
        this.#building = undefined
        this.#changesWhileBuilding = []
        throw err
      })
    return this.#building
  }

  async #build (): Promise<Map<string, IndexedPin>> {
    const pins = new Map<string, IndexedPin>()
    for await (const { key, value } of this.#datastore.query({ prefix: PIN_PREFIX })) {
      const { cid, depth, metadata } = decodePinRecord(key.toString(), value)
      pins.set(cid.toString(), { cid, depth, metadata: metadata as Pin['metadata'], pinnedAs: knownAs(cid) })
    }
    return pins
  }
}

/** The CID as pinned, when the record's CIDv1 is the only possibility: only a dag-pb node named by a sha2-256 multihash can have been pinned as CIDv0. */
function knownAs (cid: CID): CID | undefined {
  const couldBeV0 = cid.code === 0x70 && cid.multihash.code === 0x12 && cid.multihash.size === 32
  return couldBeV0 ? undefined : cid
}

/**
 * Helia's pins, listed from the index. Everything else is Helia's own; a
 * listing of one CID reads its record, as Helia does.
 */
export function indexedPins (pins: Pins, index: PinIndex): Pins {
  return new Proxy(pins, {
    get (target, property) {
      if (property === 'ls') {
        return async function * (options: Parameters<Pins['ls']>[0] = {}): AsyncGenerator<Pin> {
          if (options.cid != null) {
            yield * target.ls(options)
            return
          }
          const all = await index.all()
          options.signal?.throwIfAborted()
          yield * all
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    }
  })
}
