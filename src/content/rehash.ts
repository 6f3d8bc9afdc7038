import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { Blockstore } from 'interface-blockstore'
import type { MultihashHasher } from 'multiformats/hashes/interface'

type PutStore = Pick<Blockstore, 'put'>

interface Renamed {
  cid: CID
  /** The block's size plus the cumulative sizes of its links: a parent link's Tsize. */
  cumulativeSize: bigint
}

/**
 * Kubo's `add --hash`: ipfs-unixfs-importer hashes every block with
 * sha2-256 whatever it is asked, so this sits between it and the
 * blockstore and hashes each block again with the chosen function (always
 * CIDv1, as Kubo). The importer writes children before their parents, so a
 * dag-pb node's links are rewritten to its children's new CIDs and
 * cumulative sizes before the node is hashed; `renamed` maps the importer's
 * CIDs to the stored ones.
 */
export class Rehasher {
  readonly #hasher: MultihashHasher
  readonly #renamed = new Map<string, Renamed>()

  constructor (hasher: MultihashHasher) {
    this.#hasher = hasher
  }

  /** A store that takes the importer's blocks and puts their rehashed forms into `store`. */
  wrapping (store: PutStore): PutStore {
    return {
      put: async (cid, bytes, options) => {
        if (!(bytes instanceof Uint8Array)) {
          throw new TypeError('the importer wrote a block that is not one buffer')
        }
        const { cid: stored, bytes: storedBytes } = await this.#rehash(cid, bytes)
        await store.put(stored, storedBytes, options)
        return cid
      }
    }
  }

  /** The stored CID and cumulative size for a CID the importer reported. */
  renamed (cid: CID): Renamed {
    const renamed = this.#renamed.get(cid.toString())
    if (renamed == null) {
      throw new Error(`block ${cid.toString()} was reported but never written`)
    }
    return renamed
  }

  async #rehash (cid: CID, bytes: Uint8Array): Promise<{ cid: CID, bytes: Uint8Array }> {
    let out = bytes
    let cumulativeSize = BigInt(bytes.byteLength)
    if (cid.code === dagPb.code) {
      const node = dagPb.decode(bytes)
      const links = node.Links.map(link => {
        const child = this.renamed(link.Hash)
        return { Name: link.Name, Hash: child.cid, Tsize: Number(child.cumulativeSize) }
      })
      out = dagPb.encode({ Data: node.Data, Links: links })
      cumulativeSize = links.reduce((sum, link) => sum + BigInt(link.Tsize), BigInt(out.byteLength))
    } else if (cid.code !== raw.code) {
      throw new Error(`the importer wrote a block of codec 0x${cid.code.toString(16)}`)
    }
    const stored = CID.createV1(cid.code, await this.#hasher.digest(out))
    this.#renamed.set(cid.toString(), { cid: stored, cumulativeSize })
    return { cid: stored, bytes: out }
  }
}
