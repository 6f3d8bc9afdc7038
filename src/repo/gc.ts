import { pushable } from 'it-pushable'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { withGcLock } from '../pins/lock.ts'
import type { Helia } from '@helia/interface'

export type GcResult =
  | { removed: CID }
  | { error: Error }

/**
 * Removes every block no pin holds, as Kubo's `repo gc`, yielding each one
 * as it goes. Helia's `gc()` holds the blockstore's write lock and asks the
 * pin records about every block; it also waits for the pins in flight and
 * holds off new ones (see pins/lock.ts), so a DAG fetched for a pin that is
 * not yet recorded is not swept away. Blocks are named as Kubo names them:
 * Kubo keys its blockstore by multihash, so a removed block is reported as a
 * raw CIDv1 whatever codec it was added with.
 *
 * A client that goes away does not stop the collection: a half-finished
 * sweep gains nothing, and Kubo lets it finish too.
 */
export async function * collectGarbage (helia: Pick<Helia, 'gc' | 'pins'>): AsyncGenerator<GcResult> {
  const results = pushable<GcResult>({ objectMode: true })
  withGcLock(helia.pins, async () => {
    await helia.gc({
      onProgress: (event) => {
        if (event.type === 'helia:gc:deleted') {
          results.push({ removed: CID.createV1(raw.code, event.detail.multihash) })
        } else if (event.type === 'helia:gc:error') {
          results.push({ error: event.detail })
        }
      }
    })
  }).then(() => results.end(), (err: Error) => results.end(err))
  yield * results
}
