/**
 * Pins: what keeps content on this node.
 *
 * One pin model for every surface (Kubo's `pin/*`, `add?pin=true`, and later
 * the Pinning Service API): Helia's pin records, with a name in their
 * metadata. Changes to pin records run one at a time per node, and garbage
 * collection waits for pins in flight (see pins/lock.ts); fetching a DAG from
 * peers is bounded by an idle timeout.
 *
 * @example
 * ```ts
 * import { addPin, listPins, removePin } from './pins.ts'
 *
 * await addPin(node, cid, { name: 'site', onProgress: p => log(p.blocks) })
 * for await (const pin of listPins(node.helia, { type: 'recursive' })) {
 *   console.log(pin.cid.toString(), pin.name)
 * }
 * await removePin(node.helia, cid)
 * ```
 */
import drain from 'it-drain'
import { withPinLock } from './pins/lock.ts'
import { PIN_CREATED_KEY, PIN_NAME_KEY } from './pins/records.ts'
import type { AddOptions, GetOfflineOptions, GraphWalkerFactory, Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export { addPin, addPins, validatePinListing, validatePinName, MAX_PIN_NAME_BYTES } from './pins/add.ts'
export type { AddPinOptions } from './pins/add.ts'
export type { FetchProgress } from './pins/fetch.ts'
export { listPins, listPinsFor, pinStatus } from './pins/list.ts'
export { isSmallLocalDag } from './pins/local.ts'
export type { ListedPin, ListPinsOptions, PinTypeFilter } from './pins/list.ts'
export { withGcLock, withPinGuard, withPinLock } from './pins/lock.ts'
export { withProgressTicks, PIN_PROGRESS_INTERVAL_MS } from './pins/progress.ts'
export type { ProgressEvent } from './pins/progress.ts'
export type { PinNode } from './pins/node.ts'
export type { PinListing, PinType } from './pins/records.ts'
export { pinListing, splitKeywords } from './pins/records.ts'
export { findPinEntry, listPinPage } from './pins/page.ts'
export type { PinPage, PinPageEntry, PinPageOptions } from './pins/page.ts'
export { removePin, removePins } from './pins/remove.ts'
export type { RemovePinOptions } from './pins/remove.ts'
export { resolvePinTarget } from './pins/resolve.ts'
export { updatePin } from './pins/update.ts'
export type { UpdatePinOptions } from './pins/update.ts'
export { verifyPins } from './pins/verify.ts'
export type { BadNode, PinVerification } from './pins/verify.ts'

/** Pins of one upload recorded at once, when their DAGs share no block. @default 16 */
export const PIN_BATCH_CONCURRENCY = 16

/**
 * Pins DAGs recursively, for content just written here (an upload).
 * Idempotent, as Kubo's `pin add` is: Helia throws AlreadyPinnedError for a
 * pinned CID, which here means the work is done (a direct pin stays direct;
 * `addPin` upgrades it). The DAGs are read from this node only: a block
 * that is not here fails the pin at once rather than waiting on peers. For
 * content that may have to come from peers, use `addPin`: it bounds the
 * fetch and undoes a pin that fails half way.
 *
 * The pin lock is taken once for all of them. Helia updates a block's pin
 * record by reading and writing it back, so two pins may run at once only
 * when no block is in both: given `blocksOf`, roots whose DAGs share no
 * block with another root are recorded PIN_BATCH_CONCURRENCY at a time (an
 * add of 500 small files spent ~0.3 ms a file on its pins one by one); the
 * rest, and every root without `blocksOf`, one after another.
 */
export async function pinRecursive (helia: Pick<Helia, 'pins'>, roots: CID[], options: { signal?: AbortSignal, name?: string, walker?: GraphWalkerFactory, blocksOf?: (root: CID) => Set<string> | undefined } = {}): Promise<void> {
  // Helia hands its options to the blockstore reads of its walk; `offline` is one of theirs
  const addOptions: AddOptions & GetOfflineOptions = {
    signal: options.signal,
    offline: true,
    walker: options.walker,
    metadata: { [PIN_CREATED_KEY]: Date.now(), ...(options.name == null ? {} : { [PIN_NAME_KEY]: options.name }) }
  }
  const pin = async (cid: CID): Promise<void> => {
    try {
      await drain(helia.pins.add(cid, addOptions))
    } catch (err) {
      if ((err as Error).name !== 'AlreadyPinnedError') {
        throw err
      }
    }
  }
  const { apart, together } = sharingNoBlock(roots, options.blocksOf)
  await withPinLock(helia.pins, async () => {
    for (let at = 0; at < apart.length; at += PIN_BATCH_CONCURRENCY) {
      await Promise.all(apart.slice(at, at + PIN_BATCH_CONCURRENCY).map(pin))
    }
    for (const cid of together) {
      await pin(cid)
    }
  })
}

/** Roots whose DAGs hold no block another root's does (`apart`), and the others, each root once. */
function sharingNoBlock (roots: CID[], blocksOf?: (root: CID) => Set<string> | undefined): { apart: CID[], together: CID[] } {
  const unique = [...new Map(roots.map(cid => [cid.toString(), cid])).values()]
  if (blocksOf == null || unique.length < 2) {
    return { apart: [], together: unique }
  }
  const blocks = unique.map(blocksOf)
  const holders = new Map<string, number>()
  for (const set of blocks) {
    for (const block of set ?? []) {
      holders.set(block, (holders.get(block) ?? 0) + 1)
    }
  }
  const apart: CID[] = []
  const together: CID[] = []
  unique.forEach((cid, i) => {
    const set = blocks[i]
    const alone = set != null && [...set].every(block => holders.get(block) === 1)
    ;(alone ? apart : together).push(cid)
  })
  return { apart, together }
}
