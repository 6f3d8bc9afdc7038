import { walkPath } from 'ipfs-unixfs-exporter'
import { NotImplementedError } from '../errors.ts'
import { explainPathError } from './retrieval.ts'
import type { BlockLoader } from './block-loader.ts'
import type { CID } from 'multiformats/cid'

export interface GatewayBlock {
  cid: CID
  bytes: Uint8Array
}

export interface PathBlocks {
  /** The CID the path ends at; its block is not among `blocks`. */
  terminal: CID
  /** The CID of every path segment, root first, terminal last (`X-Ipfs-Roots`). */
  roots: CID[]
  /**
   * Every block read to walk the path, in the order read: what a client
   * needs to verify it (directories, HAMT shards, DAG-CBOR nodes).
   */
  blocks: GatewayBlock[]
}

/**
 * Walks `path` below `root` as the path gateway does (UnixFS directories,
 * HAMT shards, links in DAG-CBOR/DAG-JSON), with ipfs-unixfs-exporter reading
 * through `loader`, and keeps the blocks it read: the trustless formats send
 * them so the client can verify the path. A missing name fails here, before
 * any byte of the answer is sent. A path that ends inside a DAG-CBOR/DAG-JSON
 * block rather than at a link is not served (the spec's 501), as on the path
 * gateway.
 */
export async function walkPathBlocks (loader: BlockLoader, root: CID, path: string, options: { signal?: AbortSignal } = {}): Promise<PathBlocks> {
  const blocks: GatewayBlock[] = []
  const recording = {
    async * get (cid: CID) {
      const bytes = await loader.load(cid)
      blocks.push({ cid, bytes })
      yield bytes
    }
  }
  const what = ['', 'ipfs', root.toString(), ...(path === '' ? [] : [path])].join('/')
  let roots: CID[] = [root]
  let unwalked: string[] = []
  try {
    for await (const entry of walkPath(path === '' ? root.toString() : `${root.toString()}/${path}`, recording, { signal: options.signal })) {
      roots = entry.roots
      unwalked = entry.remainder
    }
  } catch (err) {
    throw explainPathError(err, what)
  }
  if (unwalked.length > 0) {
    throw new NotImplementedError(`${what}: reading IPLD Kinds other than Links (CBOR Tag 42) is not implemented`)
  }
  const terminal = roots[roots.length - 1] ?? root
  return { terminal, roots, blocks: blocks.filter(block => !block.cid.equals(terminal)) }
}
