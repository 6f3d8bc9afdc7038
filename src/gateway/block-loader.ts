import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/**
 * Reads the blocks of a gateway answer's path through the request's
 * retrieval policy (src/gateway/retrieval.ts: identity CIDs, only-if-cached,
 * no-fetch, per-block deadline); `close` abandons a read the answer no
 * longer needs. The DAG below the path is read by the one DAG walker.
 */
export class BlockLoader {
  private readonly blocks: Pick<Blockstore, 'get'>
  private readonly stop = new AbortController()

  constructor (blocks: Pick<Blockstore, 'get'>) {
    this.blocks = blocks
  }

  async load (cid: CID): Promise<Uint8Array> {
    const chunks = await Array.fromAsync(this.blocks.get(cid, { signal: this.stop.signal }))
    return chunks.length === 1 && chunks[0] != null ? chunks[0] : Buffer.concat(chunks)
  }

  /** Abandons the loads still in flight. */
  close (): void {
    this.stop.abort()
  }
}
