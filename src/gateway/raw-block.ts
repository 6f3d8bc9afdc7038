import { BlockLoader } from './block-loader.ts'
import { walkPathBlocks } from './path-blocks.ts'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export interface RawBlock {
  /** The block the content path ends at. */
  cid: CID
  /** The CID of every path segment, root first. */
  roots: CID[]
  /** Reads the block; not done until asked, so a matching `If-None-Match` costs no transfer. */
  read(): Promise<Uint8Array>
}

/**
 * Trustless gateway's `application/vnd.ipld.raw`: the single block that
 * `root/path` ends at, its bytes exactly as stored so the client can hash
 * them against the CID. `blocks` applies the request's retrieval policy.
 */
export async function openRawBlock (blocks: Pick<Blockstore, 'get'>, root: CID, path: string, options: { signal?: AbortSignal } = {}): Promise<RawBlock> {
  const loader = new BlockLoader(blocks)
  const { terminal, roots } = await walkPathBlocks(loader, root, path, options)
  return {
    cid: terminal,
    roots,
    read: async () => loader.load(terminal)
  }
}
