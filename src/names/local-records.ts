import { Record } from '@libp2p/kad-dht'
import { Key } from 'interface-datastore'
import { base32 } from 'multiformats/bases/base32'
import { ipnsRoutingKey } from '../keys/key-id.ts'
import type { NameDigest } from '../keys/key-id.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

/** A record in the local DHT store, and when it arrived or was last confirmed. */
export interface LocalRecord {
  bytes: Uint8Array
  receivedAt: Date
}

/**
 * Where the Kademlia DHT keeps the values it serves (`/dht/record/<key>`).
 * A record written here is what this node answers GET_VALUE with, and what
 * peers' PUT_VALUE overwrite; it doubles as the resolver's TTL cache, with
 * `receivedAt` as the time the cached answer was fetched.
 */
function localKey (digest: NameDigest): Key {
  return new Key(`/dht/record/${base32.baseEncode(ipnsRoutingKey(digest))}`, false)
}

export async function readLocalRecord (datastore: Pick<Datastore, 'get'>, digest: NameDigest, options?: AbortOptions): Promise<LocalRecord | undefined> {
  let raw: Uint8Array
  try {
    raw = await datastore.get(localKey(digest), options)
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
  const record = Record.deserialize(raw)
  return { bytes: record.value, receivedAt: record.timeReceived }
}

/** Stores a record as received now: the DHT serves it for 48 h from now, the resolver caches it for its TTL. */
export async function writeLocalRecord (datastore: Pick<Datastore, 'put'>, digest: NameDigest, bytes: Uint8Array, options?: AbortOptions): Promise<void> {
  const routingKey = ipnsRoutingKey(digest)
  await datastore.put(localKey(digest), new Record(routingKey, bytes, new Date()).serialize(), options)
}
