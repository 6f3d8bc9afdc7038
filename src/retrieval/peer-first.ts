import type { PeerFetchSession } from './index.ts'
import type { Blocks } from '@helia/interface'

type GetOptions = Parameters<Blocks['get']>[1]

/**
 * Helia's blockstore, but a block this node lacks is first asked of the
 * session (a DAG streaming from a Cairn peer's gateway) and only then of
 * bitswap: for readers that walk a whole DAG themselves, such as a pin.
 */
export function peerFirst (blockstore: Pick<Blocks, 'get'>, session: Pick<PeerFetchSession, 'get' | 'consumed'>): Pick<Blocks, 'get'> {
  return {
    async * get (cid, options: GetOptions = {}) {
      const local = await readOffline(blockstore, cid, options)
      if (local != null) {
        session.consumed(cid)
        yield * local
        return
      }
      const answer = await session.get(cid)
      const fetched = answer === 'local' ? await readOffline(blockstore, cid, options) : answer
      if (fetched != null) {
        yield * (fetched instanceof Uint8Array ? [fetched] : fetched)
        return
      }
      yield * blockstore.get(cid, options)
    }
  }
}

async function readOffline (blockstore: Pick<Blocks, 'get'>, cid: Parameters<Blocks['get']>[0], options: GetOptions): Promise<Uint8Array[] | undefined> {
  try {
    return await Array.fromAsync(blockstore.get(cid, { ...options, offline: true }))
  } catch (err) {
    if ((err as Error).name === 'BlockNotFoundWhileOfflineError' || (err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
}
