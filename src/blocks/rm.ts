import { pinStatus, withPinLock } from '../pins.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface RemoveBlocksOptions {
  /** Do not report blocks that are not here as errors. */
  force?: boolean
  /** Report failures only. */
  quiet?: boolean
  signal?: AbortSignal
}

/** One line of Kubo's `block rm`: `error` is set when the block was kept. */
export interface RemovedBlock {
  cid: CID
  error?: string
}

type RmHelia = Pick<Helia, 'blockstore' | 'pins' | 'datastore' | 'getCodec'>

/**
 * Kubo's `block rm`: deletes each block unless a pin holds it, reporting
 * per block. Runs under the pin lock, so no pin can start counting a block
 * while it is being deleted.
 */
export async function * removeBlocks (helia: RmHelia, cids: CID[], options: RemoveBlocksOptions = {}): AsyncGenerator<RemovedBlock> {
  const results = await withPinLock(helia.pins, async () => {
    const out: RemovedBlock[] = []
    for (const cid of cids) {
      options.signal?.throwIfAborted()
      const result = await removeOne(helia, cid, options)
      if (result.error != null || options.quiet !== true) {
        out.push(result)
      }
    }
    return out
  })
  yield * results
}

async function removeOne (helia: RmHelia, cid: CID, options: RemoveBlocksOptions): Promise<RemovedBlock> {
  if (await helia.pins.isPinned(cid, { signal: options.signal })) {
    return { cid, error: await pinnedReason(helia, cid, options.signal) }
  }
  if (!(await helia.blockstore.has(cid, { signal: options.signal })) && options.force !== true) {
    // Kubo's ipld.ErrNotFound, behind the words clients match (`block not found`)
    return { cid, error: `blockstore: block not found: ipld: could not find ${cid.toString()}` }
  }
  try {
    await helia.blockstore.delete(cid, { signal: options.signal })
    return { cid }
  } catch (err) {
    return { cid, error: (err as Error).message }
  }
}

/** Kubo's words for why a block is kept: `pinned: recursive`, `pinned: direct`, `pinned via <root>`. */
async function pinnedReason (helia: RmHelia, cid: CID, signal?: AbortSignal): Promise<string> {
  const status = await pinStatus(helia, cid, 'all', { signal })
  if (status?.type === 'indirect' && status.via != null) {
    return `pinned via ${status.via.toString()}`
  }
  return `pinned: ${status?.type ?? 'indirect'}`
}
