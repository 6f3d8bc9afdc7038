import { walkDag } from '../dag/walk.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/**
 * True when every block of the DAG is in this node's blockstore and there are
 * at most `maxBlocks` of them; nothing is fetched. A DAG larger than that is
 * reported as not local without walking the rest of it.
 */
export async function isSmallLocalDag (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: { maxBlocks: number, signal?: AbortSignal }): Promise<boolean> {
  let blocks = 0
  try {
    for await (const _ of walkDag(helia, root, { missing: 'fail', maxBlocks: Infinity, signal: options.signal })) { // eslint-disable-line @typescript-eslint/no-unused-vars
      if (++blocks > options.maxBlocks) {
        return false
      }
    }
    return true
  } catch (err) {
    if ((err as Error).name === 'ContentNotFoundError') {
      return false
    }
    throw err
  }
}
