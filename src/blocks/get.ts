import { IdleDeadline } from '../deadline.ts'
import { ContentNotFoundError } from '../errors.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface GetBlockOptions {
  /** Fail when the block has not arrived from a peer within this long. */
  idleTimeoutMs: number
  /** Read this node's blockstore only. */
  offline?: boolean
  signal?: AbortSignal
}

/**
 * One block's bytes, from this node or, when it lacks the block, from any
 * peer that has it. Helia waits for a missing block forever; this gives up
 * after the idle timeout with ContentNotFoundError.
 */
export async function getBlock (helia: Pick<Helia, 'blockstore'>, cid: CID, options: GetBlockOptions): Promise<Uint8Array> {
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  try {
    const chunks: Uint8Array[] = []
    for await (const chunk of helia.blockstore.get(cid, { signal: deadline.signal, offline: options.offline })) {
      deadline.touch()
      chunks.push(chunk)
    }
    return chunks.length === 1 && chunks[0] != null ? chunks[0] : Buffer.concat(chunks)
  } catch (err) {
    if ((err as Error).name === 'BlockNotFoundWhileOfflineError') {
      throw notLocal(cid)
    }
    throw deadline.explain(err, `block ${cid.toString()}`)
  } finally {
    deadline.clear()
  }
}

/** Kubo's wording for a block an offline operation needs but this node lacks. */
export function notLocal (cid: CID): ContentNotFoundError {
  return new ContentNotFoundError(`block was not found locally (offline): ipld: could not find ${cid.toString()}`)
}

export interface BlockStat {
  cid: CID
  size: number
}

/** Kubo's `block stat`: the block's size, fetching it as `block get` does. */
export async function statBlock (helia: Pick<Helia, 'blockstore'>, cid: CID, options: GetBlockOptions): Promise<BlockStat> {
  const bytes = await getBlock(helia, cid, options)
  return { cid, size: bytes.byteLength }
}
