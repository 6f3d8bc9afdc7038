import * as dagCbor from '@ipld/dag-cbor'
import { Key } from 'interface-datastore'
import { base32 } from 'multiformats/bases/base32'
import * as Digest from 'multiformats/hashes/digest'
import type { NameDigest } from '../keys/key-id.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

/** `own`: this node holds the key and re-signs the record. `kept`: someone else's name, re-put as signed. */
export type NameKind = 'own' | 'kept'

/**
 * What Cairn keeps about one IPNS name, in its datastore: the newest valid
 * record it holds for it and the republisher's schedule. Both survive restarts.
 * Times are ms since the epoch.
 */
export interface NameEntry {
  kind: NameKind
  digest: NameDigest
  /** The newest valid record held: for `own` names the one last signed here. */
  record: Uint8Array
  /** When the name was first published here or first kept. */
  addedAt: number
  /** `own`: the lifetime each re-signed record gets. */
  lifetimeMs?: number
  /** When the record was last put to the routing (successfully or not). */
  lastPutAt?: number
  /** DHT peers that acknowledged that put. */
  lastPeers?: number
  /** Why the last put failed, until one succeeds. */
  lastError?: string
  /** Puts in a row that no peer took: retries back off with it. */
  failures?: number
  /** When the republisher next handles it; undefined when nothing is scheduled (a kept name past its EOL). */
  nextAt?: number
}

/** What the datastore holds: the entry without its key, which the datastore key already names. */
type StoredEntry = Omit<NameEntry, 'digest'>

const PREFIX = '/cairn/ipns/names'

function entryKey (digest: NameDigest): Key {
  return new Key(`${PREFIX}/${base32.baseEncode(digest.bytes)}`, false)
}

/** The names Cairn publishes or keeps, one datastore entry per name. */
export class NameStore {
  private readonly datastore: Pick<Datastore, 'get' | 'put' | 'delete' | 'query'>

  constructor (datastore: Pick<Datastore, 'get' | 'put' | 'delete' | 'query'>) {
    this.datastore = datastore
  }

  async get (digest: NameDigest, options?: AbortOptions): Promise<NameEntry | undefined> {
    try {
      return decode(digest, await this.datastore.get(entryKey(digest), options))
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') {
        return undefined
      }
      throw err
    }
  }

  async put (entry: NameEntry, options?: AbortOptions): Promise<void> {
    const stored: StoredEntry = {
      kind: entry.kind,
      record: entry.record,
      addedAt: entry.addedAt,
      lifetimeMs: entry.lifetimeMs,
      lastPutAt: entry.lastPutAt,
      lastPeers: entry.lastPeers,
      lastError: entry.lastError,
      failures: entry.failures,
      nextAt: entry.nextAt
    }
    // dag-cbor has no `undefined`: absent fields are left out
    const defined = Object.fromEntries(Object.entries(stored).filter(([, value]) => value !== undefined))
    await this.datastore.put(entryKey(entry.digest), dagCbor.encode(defined), options)
  }

  async delete (digest: NameDigest, options?: AbortOptions): Promise<void> {
    await this.datastore.delete(entryKey(digest), options)
  }

  async * list (kind?: NameKind, options?: AbortOptions): AsyncGenerator<NameEntry> {
    for await (const { key, value } of this.datastore.query({ prefix: PREFIX }, options)) {
      const digest = Digest.decode(base32.baseDecode(key.baseNamespace()))
      const entry = decode(digest, value)
      if (kind == null || entry.kind === kind) {
        yield entry
      }
    }
  }
}

function decode (digest: NameDigest, bytes: Uint8Array): NameEntry {
  return { ...dagCbor.decode<StoredEntry>(bytes), digest }
}
