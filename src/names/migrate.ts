import { Key } from 'interface-datastore'
import { base32 } from 'multiformats/bases/base32'
import * as Digest from 'multiformats/hashes/digest'
import { formatKeyId } from '../keys/key-id.ts'
import { readLocalRecord } from './local-records.ts'
import { DEFAULT_IPNS_LIFETIME_MS } from './publish.ts'
import type { NamesContext } from './context.ts'
import type { AbortOptions } from '@libp2p/interface'

/** Where @helia/ipns marked the records it published, which its republisher then re-signed. */
const HELIA_METADATA_PREFIX = '/ipns/metadata/'

/**
 * Data directories from before Cairn kept its own name entries hold names
 * published through @helia/ipns: a record in the local DHT store plus a
 * metadata key. Each becomes an own name, due at once, and the metadata key
 * goes, so this runs once per name.
 */
export async function adoptHeliaNames (ctx: NamesContext, options?: AbortOptions): Promise<void> {
  for await (const { key } of ctx.datastore.query({ prefix: HELIA_METADATA_PREFIX }, options)) {
    // the routing key, `/ipns/` and the multihash, in base32
    const routingKey = base32.baseDecode(key.toString().slice(HELIA_METADATA_PREFIX.length))
    const digest = Digest.decode(routingKey.subarray('/ipns/'.length))
    const local = await readLocalRecord(ctx.datastore, digest, options)
    if (local != null && await ctx.store.get(digest, options) == null) {
      const now = Date.now()
      await ctx.store.put({ kind: 'own', digest, record: local.bytes, lifetimeMs: DEFAULT_IPNS_LIFETIME_MS, addedAt: now, nextAt: now }, options)
      ctx.log.info({ name: formatKeyId(digest) }, 'adopted a name published before; the republisher now keeps it')
    }
    await ctx.datastore.delete(new Key(key.toString(), false), options)
  }
}
