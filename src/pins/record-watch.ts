import * as cborg from 'cborg'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import type { Datastore, Key } from 'interface-datastore'

export const PIN_PREFIX = '/pin/'

/** A pin record written (`metadata` and `depth` present) or deleted (both undefined). */
export interface PinRecordChange {
  /** The pin's CIDv1, as Helia files it. */
  cid: CID
  metadata?: Record<string, unknown>
  depth?: number
}

/** The CIDv1 a pin record's key (`/pin/<base36 cid>`) names. */
function pinRecordCid (key: string): CID {
  return CID.parse(key.slice(PIN_PREFIX.length), base36)
}

/** A pin record as Helia writes it, read from its key and value. */
export function decodePinRecord (key: string, value: Uint8Array): Required<PinRecordChange> {
  const pin = cborg.decode(value) as { metadata?: Record<string, unknown>, depth?: number }
  return { cid: pinRecordCid(key), metadata: pin.metadata ?? {}, depth: pin.depth ?? Infinity }
}

/**
 * The datastore, reporting each write and delete of a pin record (Helia's
 * `/pin/<cid>`) once it has succeeded. Every way a pin changes (Kubo's
 * `pin/*`, the Pinning Service API, `pin update`, an add with `pin=true`)
 * ends in one of these two calls, so the search catalog follows every one of
 * them without each caller having to remember it: the search catalog and
 * the pin index (pin-index.ts) follow every change through it.
 */
export function watchPinRecords<D extends Datastore> (datastore: D, onChange: (change: PinRecordChange) => void): D {
  const report = (key: Key, value?: Uint8Array): void => {
    const text = key.toString()
    if (!text.startsWith(PIN_PREFIX)) {
      return
    }
    try {
      onChange(value == null ? { cid: pinRecordCid(text) } : decodePinRecord(text, value))
    } catch {
      // not a record Helia wrote: nothing search would list
    }
  }
  return new Proxy(datastore, {
    get (target, property) {
      if (property === 'put') {
        return async (key: Key, value: Uint8Array, options?: unknown) => {
          const written = await target.put(key, value, options as never)
          report(key, value)
          return written
        }
      }
      if (property === 'delete') {
        return async (key: Key, options?: unknown) => {
          await target.delete(key, options as never)
          report(key)
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    }
  })
}
