import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/**
 * Reads the blocks of one streamed gateway answer through the request's
 * retrieval policy (src/gateway/retrieval.ts: identity CIDs, only-if-cached,
 * no-fetch, per-block deadline), loading a few ahead of need so a DAG
 * fetched from peers is not one round trip per block. A load started ahead
 * is shared with the later `load` of the same CID.
 */
export class BlockLoader {
  private readonly blocks: Pick<Blockstore, 'get'>
  private readonly stop = new AbortController()
  private readonly pending = new Map<string, Promise<Uint8Array>>()

  constructor (blocks: Pick<Blockstore, 'get'>) {
    this.blocks = blocks
  }

  async load (cid: CID): Promise<Uint8Array> {
    const key = cid.toString()
    const pending = this.pending.get(key) ?? this.fetch(cid)
    this.pending.delete(key)
    return pending
  }

  /** Starts loading blocks the caller will ask for soon, while fewer than `limit` are in flight. */
  prefetch (cids: Iterable<CID>, limit: number): void {
    for (const cid of cids) {
      if (this.pending.size >= limit) {
        return
      }
      const key = cid.toString()
      if (!this.pending.has(key)) {
        const pending = this.fetch(cid)
        // awaited when the caller reaches it; dropped if the answer ends first
        pending.catch(() => {})
        this.pending.set(key, pending)
      }
    }
  }

  /** Drops a block loaded ahead that the caller no longer needs, freeing its place. */
  discard (cid: CID): void {
    this.pending.delete(cid.toString())
  }

  /** Abandons the loads still in flight. */
  close (): void {
    this.stop.abort()
    this.pending.clear()
  }

  private async fetch (cid: CID): Promise<Uint8Array> {
    const chunks = await Array.fromAsync(this.blocks.get(cid, { signal: this.stop.signal }))
    return chunks.length === 1 && chunks[0] != null ? chunks[0] : Buffer.concat(chunks)
  }
}
