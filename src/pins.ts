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

/**
 * Pins a DAG recursively, for content just written here (an upload). Idempotent,
 * as Kubo's `pin add` is: Helia throws AlreadyPinnedError for a pinned CID,
 * which here means the work is done (a direct pin stays direct; `addPin`
 * upgrades it). The DAG is read from this node only: a block that is not
 * here fails the pin at once rather than waiting on peers. For content that
 * may have to come from peers, use `addPin`: it bounds the fetch and undoes
 * a pin that fails half way.
 */
export async function pinRecursive (helia: Pick<Helia, 'pins'>, cid: CID, options: { signal?: AbortSignal, name?: string, walker?: GraphWalkerFactory } = {}): Promise<void> {
  // Helia hands its options to the blockstore reads of its walk; `offline` is one of theirs
  const addOptions: AddOptions & GetOfflineOptions = {
    signal: options.signal,
    offline: true,
    walker: options.walker,
    metadata: { [PIN_CREATED_KEY]: Date.now(), ...(options.name == null ? {} : { [PIN_NAME_KEY]: options.name }) }
  }
  await withPinLock(helia.pins, async () => {
    try {
      await drain(helia.pins.add(cid, addOptions))
    } catch (err) {
      if ((err as Error).name !== 'AlreadyPinnedError') {
        throw err
      }
    }
  })
}
