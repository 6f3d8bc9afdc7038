import { UnsupportedContentError } from '../errors.ts'
import { pinRecursive } from '../pins.ts'
import { walkDag } from './walk.ts'
import type { Config } from '../config.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What pinning a freshly written DAG needs from the node. */
export interface PinDagNode {
  helia: Pick<Helia, 'blockstore' | 'getCodec' | 'pins'>
  config: Pick<Config, 'fetchTimeoutMs'>
}

/**
 * Pins a DAG written by this request (`block put`, `dag put`, `dag import`)
 * recursively, offline as Kubo's `dag import` does: when a block of the DAG
 * is not here, nothing is pinned and the error names the block. Checking
 * first matters because Helia's pinning would otherwise wait for the block
 * from peers, and an aborted Helia pin leaves half-counted blocks behind.
 * Helia's pinning also decodes every block with the node's codecs, so a
 * block of a codec the node lacks is refused here, before Helia starts.
 */
export async function pinDag (node: PinDagNode, cid: CID, options: { signal?: AbortSignal } = {}): Promise<void> {
  const decodable = new Set<number>()
  for await (const block of walkDag(node.helia, cid, { missing: 'fail', idleTimeoutMs: node.config.fetchTimeoutMs, signal: options.signal })) {
    const code = block.cid.code
    if (!decodable.has(code)) {
      try {
        await node.helia.getCodec(code)
      } catch {
        throw new UnsupportedContentError(`cannot pin ${cid.toString()}: block ${block.cid.toString()} has codec 0x${code.toString(16)}, which this node cannot decode`)
      }
      decodable.add(code)
    }
  }
  await pinRecursive(node.helia, [cid], { signal: options.signal })
}
