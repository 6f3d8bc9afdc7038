import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { BufferImporter } from 'ipfs-unixfs-importer'

export interface LeanLeavesOptions {
  cidVersion: 0 | 1
  rawLeaves: boolean
}

/**
 * The importer's leaf writer, changed in what it hands on: with dag-pb
 * leaves, the default one returns each leaf's UnixFS with its chunk inside,
 * and the layout keeps every leaf of a parent node until that node is written
 * (174 × 256 KiB = 44 MB per level for Kubo's CIDv0 profile; 1 GiB with 1 MiB
 * chunks and 1024 links). Here a leaf after the first carries only its size,
 * which is all the parent needs (`fileSize()`); the first keeps its data, as
 * a single-block file is its own root. Blocks and CIDs are the same.
 */
export function leanLeaves (options: LeanLeavesOptions): BufferImporter {
  return async function * (file, blockstore) {
    let index = 0
    for await (const chunk of file.content) {
      const first = index++ === 0
      yield async () => {
        if (options.rawLeaves) {
          const cid = CID.createV1(raw.code, await sha256.digest(chunk))
          await blockstore.put(cid, chunk)
          return { cid, size: BigInt(chunk.byteLength), block: chunk }
        }
        const unixfs = new UnixFS({ type: 'file', data: chunk })
        const block = dagPb.encode({ Data: unixfs.marshal(), Links: [] })
        const digest = await sha256.digest(block)
        const cid = options.cidVersion === 0 ? CID.createV0(digest) : CID.createV1(dagPb.code, digest)
        await blockstore.put(cid, block)
        return {
          cid,
          size: BigInt(block.byteLength),
          block,
          unixfs: first ? unixfs : new UnixFS({ type: 'file', blockSizes: [BigInt(chunk.byteLength)] })
        }
      }
    }
  }
}
