import drain from 'it-drain'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/**
 * Pins a DAG recursively. Idempotent, as Kubo's `pin add` is: Helia throws
 * AlreadyPinnedError for a pinned CID, which here means the work is done.
 */
export async function pinRecursive (helia: Pick<Helia, 'pins'>, cid: CID, options: { signal?: AbortSignal } = {}): Promise<void> {
  try {
    await drain(helia.pins.add(cid, { signal: options.signal }))
  } catch (err) {
    if ((err as Error).name !== 'AlreadyPinnedError') {
      throw err
    }
  }
}
