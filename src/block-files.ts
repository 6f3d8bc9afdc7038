import { NextToLast } from 'blockstore-fs/sharding'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import type { ShardingStrategy } from 'blockstore-fs/sharding'

/**
 * blockstore-fs names each block file after the block's multihash (base32,
 * sharded by the next-to-last two characters), as Kubo's flatfs does. Its
 * decoder reads a name back as a CIDv0, which only works for sha2-256: one
 * sha2-512 block broke every listing of the store, and so garbage
 * collection. Names are unchanged; a name reads back as a raw CIDv1 of its
 * multihash, the form Kubo reports for such listings.
 */
export class MultihashFileNames implements ShardingStrategy {
  private readonly names = new NextToLast({ base: base32upper })
  readonly extension = this.names.extension

  encode (cid: CID): { dir: string, file: string } {
    return this.names.encode(cid)
  }

  decode (path: string): CID {
    const name = path.slice(path.lastIndexOf('/') + 1)
    const encoded = name.endsWith(this.extension) ? name.slice(0, -this.extension.length) : name
    return CID.createV1(raw.code, Digest.decode(base32upper.decoder.decode(encoded)))
  }
}
