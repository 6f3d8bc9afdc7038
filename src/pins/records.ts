import * as dagCbor from '@ipld/dag-cbor'
import * as cborg from 'cborg'
import { Key } from 'interface-datastore'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import type { Helia, Pin } from '@helia/interface'
import type { Datastore } from 'interface-datastore'

/**
 * Helia keeps its pins in the datastore: one record per pin under `/pin/`
 * (depth and metadata) and one per pinned block under `/pinned-block/` (how
 * many pins hold it, and which). `helia.gc()` and `blockstore.delete()` read
 * the block records, so Cairn writes the same layout and stays compatible with
 * them. Cairn reads pins through Helia's public API and writes block records
 * only where Helia's own `pins.rm` is wrong: it keeps the removed root in
 * `pinnedBy` instead of the others, and decrements once per visit, so a block
 * linked twice in one DAG or shared by two pins can lose its protection.
 */

const PIN_PREFIX = '/pin/'
const BLOCK_PREFIX = '/pinned-block/'

/** Kubo's three kinds of pin; Helia's depth 0 is a direct pin, any other a recursive one. */
export type PinType = 'recursive' | 'direct' | 'indirect'

/** The name Kubo's `pin add --name` gives a pin, kept in Helia's pin metadata. */
export const PIN_NAME_KEY = 'name'

/** When Cairn made a pin (ms since the epoch), in Helia's pin metadata: Helia records no time of its own. */
export const PIN_CREATED_KEY = 'created'
/** `true` when the pin's owner made it findable by search; absent or false: private. */
export const PIN_PUBLIC_KEY = 'public'

/** What the pin holds, in the owner's words, for search. */
export const PIN_DESCRIPTION_KEY = 'description'

/** Keywords for search, comma-separated in the metadata. */
export const PIN_KEYWORDS_KEY = 'keywords'

/** What search may tell others about a pin: only pins marked public are listed. */
export interface PinListing {
  public: boolean
  name: string
  description: string
  keywords: string[]
}

export function pinListing (pin: Pick<Pin, 'metadata'>): PinListing {
  const { metadata } = pin
  const description = metadata[PIN_DESCRIPTION_KEY]
  const keywords = metadata[PIN_KEYWORDS_KEY]
  return {
    public: metadata[PIN_PUBLIC_KEY] === true,
    name: pinName(pin),
    description: typeof description === 'string' ? description : '',
    keywords: typeof keywords === 'string' ? splitKeywords(keywords) : []
  }
}

/** Keywords as given (`a, b,c`), trimmed and without empties. */
export function splitKeywords (keywords: string): string[] {
  return keywords.split(',').map(k => k.trim()).filter(k => k !== '')
}

interface PinnedBlock {
  pinCount: number
  pinnedBy: Uint8Array[]
}

export function pinKey (cid: CID): Key {
  return new Key(`${PIN_PREFIX}${cid.toV1().toString(base36)}`)
}

function blockKey (cid: CID): Key {
  return new Key(`${BLOCK_PREFIX}${base36.encode(cid.multihash.bytes)}`)
}

export function pinType (pin: Pick<Pin, 'depth'>): Exclude<PinType, 'indirect'> {
  return pin.depth === 0 ? 'direct' : 'recursive'
}

export function pinName (pin: Pick<Pin, 'metadata'>): string {
  const name = pin.metadata[PIN_NAME_KEY]
  return typeof name === 'string' ? name : ''
}

/** When the pin was made, if Cairn recorded it (pins made before it did have none). */
export function pinCreated (pin: Pick<Pin, 'metadata'>): Date | undefined {
  const created = pin.metadata[PIN_CREATED_KEY]
  return typeof created === 'number' ? new Date(created) : undefined
}

/** Two pin roots are the same pin when they differ only in CID version. */
export function sameRoot (a: CID, b: CID): boolean {
  return a.code === b.code && a.multihash.code === b.multihash.code &&
    Buffer.compare(a.multihash.bytes, b.multihash.bytes) === 0
}

/** Plain CBOR, as Helia writes it: no CID tags to look for. */
const decodePinnedBlock = (bytes: Uint8Array): PinnedBlock => cborg.decode(bytes) as PinnedBlock

async function readPinnedBlock (datastore: Pick<Datastore, 'get'>, key: Key): Promise<PinnedBlock | undefined> {
  try {
    return decodePinnedBlock(await datastore.get(key))
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
}

/** The pin roots that hold this block, as Helia recorded them. */
export async function pinnedBy (datastore: Pick<Datastore, 'get'>, block: CID): Promise<CID[]> {
  const record = await readPinnedBlock(datastore, blockKey(block))
  return (record?.pinnedBy ?? []).map(bytes => CID.decode(bytes))
}

/**
 * Takes `root` off one block's record. The count is recomputed from the roots
 * that remain, which is what Helia's `pins.add` maintains; the record goes
 * once no root holds the block, which is when garbage collection may take it.
 */
export async function releaseBlock (datastore: Pick<Datastore, 'get' | 'put' | 'delete'>, block: CID, root: CID): Promise<void> {
  const key = blockKey(block)
  const record = await readPinnedBlock(datastore, key)
  if (record == null) {
    return
  }
  const remaining = record.pinnedBy.filter(bytes => !sameRoot(CID.decode(bytes), root))
  if (remaining.length === record.pinnedBy.length) {
    return
  }
  if (remaining.length === 0) {
    await datastore.delete(key)
    return
  }
  await datastore.put(key, dagCbor.encode({ pinCount: remaining.length, pinnedBy: remaining }))
}

/**
 * How many blocks each pin root holds, from one read of Helia's block
 * records, keyed by `cidKey` of the root as it was pinned. It tells which
 * DAGs hold more than a root (only those need walking to list indirect
 * pins) and which roots were pinned as CIDv0, without a lookup per pin.
 */
export async function blocksPerRoot (datastore: Pick<Datastore, 'query'>, options: { signal?: AbortSignal } = {}): Promise<Map<string, number>> {
  const held = new Map<string, number>()
  for await (const { value } of datastore.query({ prefix: BLOCK_PREFIX }, options)) {
    for (const root of decodePinnedBlock(value).pinnedBy) {
      const key = bytesKey(root)
      held.set(key, (held.get(key) ?? 0) + 1)
    }
  }
  return held
}

/** A CID's bytes as a Map key (a CIDv0's bytes are its multihash's). */
export const cidKey = (cid: CID): string => bytesKey(cid.bytes)

/**
 * The multihash of every block a pin holds, as `multihashKey` spells it: one
 * read of the keys of Helia's block records, what garbage collection keeps.
 */
export async function pinnedMultihashes (datastore: Pick<Datastore, 'queryKeys'>, options: { signal?: AbortSignal } = {}): Promise<Set<string>> {
  const held = new Set<string>()
  for await (const key of datastore.queryKeys({ prefix: BLOCK_PREFIX }, options)) {
    held.add(bytesKey(base36.decode(key.toString().slice(BLOCK_PREFIX.length))))
  }
  return held
}

/** A block's multihash as a Set key. */
export const multihashKey = (cid: CID): string => bytesKey(cid.multihash.bytes)

const bytesKey = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

/** The pin on exactly this CID (either version), or undefined. */
export async function findPin (helia: Pick<Helia, 'pins'>, cid: CID, options: { signal?: AbortSignal } = {}): Promise<Pin | undefined> {
  try {
    return { ...await helia.pins.get(cid, options), cid }
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
}

/**
 * Helia files every pin under its CIDv1; the root block's record still holds
 * the CID as it was pinned, so a pin made with a `Qm…` CID lists as `Qm…`,
 * as Kubo lists it. The answer is kept in `pin.pinnedAs`.
 */
export async function pinnedCid (helia: { datastore: Pick<Datastore, 'get'> }, pin: Pick<Pin, 'cid'> & { pinnedAs?: CID }): Promise<CID> {
  if (pin.pinnedAs != null) {
    return pin.pinnedAs
  }
  const roots = await pinnedBy(helia.datastore, pin.cid)
  // kept on the pin index's record (pin-index.ts), so each pin is looked up once
  pin.pinnedAs = roots.find(root => sameRoot(root, pin.cid)) ?? pin.cid
  return pin.pinnedAs
}
