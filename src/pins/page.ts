import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { recordedDagSize } from '../dag/stat.ts'
import { findPin, pinCreated, pinName, pinType, pinnedCid } from './records.ts'
import type { Blockstore } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'
import type { Helia, Pin } from '@helia/interface'

/** Helia's pin records, one per pin, keyed by the base36 CIDv1. */
const PIN_PREFIX = '/pin/'
/** Pin records read per step while looking for names that match. */
const SCAN_STEP = 1000
/**
 * Most pin records one name search reads before it answers with what it has
 * and a cursor, so that a search over 100,000 pins answers in bounded time.
 */
const MAX_SCANNED = 20_000

export interface PinPageEntry {
  cid: CID
  type: 'recursive' | 'direct'
  /** '' when the pin has none. */
  name: string
  /** Undefined for pins made before Cairn recorded the time. */
  created?: Date
  /** Cumulative bytes of the DAG as its root block tells them; undefined when the root is not here. */
  size?: number
}

export interface PinPageOptions {
  /** The cursor a previous page returned: this page starts after it. */
  after?: string
  limit: number
  /** Only pins whose name contains this, case-insensitively. */
  name?: string
  signal?: AbortSignal
}

export interface PinPage {
  pins: PinPageEntry[]
  /** Pass as `after` for the next page; undefined on the last one. */
  next?: string
}

type PageHelia = Pick<Helia, 'pins' | 'datastore'>

/**
 * One page of this node's pins (recursive and direct), however they were
 * made, in the order of Helia's pin keys. The cursor is the last key, and
 * a page reads the datastore from there: page 1,000 costs what page 1 does.
 */
export async function listPinPage (helia: PageHelia, blocks: Pick<Blockstore, 'get'>, options: PinPageOptions): Promise<PinPage> {
  const wanted = options.name?.toLowerCase()
  const pins: PinPageEntry[] = []
  let after = options.after
  let scanned = 0
  while (pins.length < options.limit && scanned < MAX_SCANNED) {
    const step = wanted == null ? options.limit - pins.length : SCAN_STEP
    const keys = await pinKeysAfter(helia.datastore, after, step)
    for (const key of keys) {
      after = key
      scanned++
      const pin = await findPin(helia, CID.parse(key, base36), options)
      if (pin != null && (wanted == null || pinName(pin).toLowerCase().includes(wanted))) {
        pins.push(await pageEntry(helia, blocks, pin, options))
        if (pins.length === options.limit) {
          break
        }
      }
    }
    if (keys.length < step) {
      return { pins }
    }
  }
  return { pins, next: after }
}

/** The one pin on `cid` (either CID version), as a page entry. */
export async function findPinEntry (helia: PageHelia, blocks: Pick<Blockstore, 'get'>, cid: CID, options: { signal?: AbortSignal } = {}): Promise<PinPageEntry | undefined> {
  const pin = await findPin(helia, cid, options)
  return pin == null ? undefined : pageEntry(helia, blocks, pin, options)
}

async function pageEntry (helia: PageHelia, blocks: Pick<Blockstore, 'get'>, pin: Pin, options: { signal?: AbortSignal }): Promise<PinPageEntry> {
  const cid = await pinnedCid(helia, pin)
  return { cid, type: pinType(pin), name: pinName(pin), created: pinCreated(pin), size: await rootSize(blocks, cid, options) }
}

/** The pinned DAG's size as its root block records it; undefined while the root is not here. */
async function rootSize (blocks: Pick<Blockstore, 'get'>, cid: CID, options: { signal?: AbortSignal }): Promise<number | undefined> {
  try {
    // blockstores yield a block in chunks
    return recordedDagSize(cid, Buffer.concat(await Array.fromAsync(blocks.get(cid, options))))
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
}

/** Keys (base36 CIDs) of pin records after `after`: a LevelDB range read, else a prefix query. */
async function pinKeysAfter (datastore: Datastore, after: string | undefined, limit: number): Promise<string[]> {
  const gt = `${PIN_PREFIX}${after ?? ''}`
  if (datastore instanceof LevelDatastore) {
    const keys = await datastore.db.keys({ gt, lt: `${PIN_PREFIX}\xFF`, limit }).all()
    return keys.map(key => key.slice(PIN_PREFIX.length))
  }
  // not LevelDB: a full prefix read, sorted (only stores Cairn does not use by default come here)
  const keys: string[] = []
  for await (const key of datastore.queryKeys({ prefix: PIN_PREFIX })) {
    if (key.toString() > gt) {
      keys.push(new Key(key.toString()).baseNamespace())
    }
  }
  return keys.toSorted().slice(0, limit)
}
