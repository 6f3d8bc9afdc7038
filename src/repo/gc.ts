import { pushable } from 'it-pushable'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { withGcLock } from '../pins/lock.ts'
import { multihashKey, pinnedMultihashes } from '../pins/records.ts'
import type { Pins } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'

export type GcResult =
  | { removed: CID }
  | { error: Error }

/** What a collection reads and deletes: the pin records, and the block files beneath Helia. */
export interface GcStores {
  pins: Pins
  datastore: Pick<Datastore, 'queryKeys'>
  localBlocks: Pick<Blockstore, 'getAll' | 'delete'>
}

/**
 * Removes every block no pin holds, as Kubo's `repo gc`, yielding each one
 * as it goes. It marks by reading the keys of Helia's block records once
 * (every block a pin holds has one) and sweeps by listing the block files:
 * Helia's `gc()` asked the datastore about each block in turn, ~3 s at
 * 50,000 blocks. It waits for the pins in flight and holds off new ones (see
 * pins/lock.ts), so the records cannot gain a block while it runs and a DAG
 * fetched for a pin that is not yet recorded is not swept away; a pin
 * removed meanwhile only keeps its blocks until the next collection. Blocks
 * are named as Kubo names them: Kubo keys its blockstore by multihash, so a
 * removed block is reported as a raw CIDv1 whatever codec it was added with.
 *
 * A client that goes away does not stop the collection: a half-finished
 * sweep gains nothing, and Kubo lets it finish too.
 */
export async function * collectGarbage (stores: GcStores): AsyncGenerator<GcResult> {
  const results = pushable<GcResult>({ objectMode: true })
  withGcLock(stores.pins, async () => {
    const pinned = await pinnedMultihashes(stores.datastore)
    for await (const { cid } of stores.localBlocks.getAll()) {
      if (pinned.has(multihashKey(cid))) {
        continue
      }
      try {
        await stores.localBlocks.delete(cid)
        results.push({ removed: CID.createV1(raw.code, cid.multihash) })
      } catch (err) {
        results.push({ error: err as Error })
      }
    }
  }).then(() => results.end(), (err: Error) => results.end(err))
  yield * results
}
