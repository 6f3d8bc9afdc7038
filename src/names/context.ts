import type { NameLock } from './name-lock.ts'
import type { NameStore } from './name-store.ts'
import type { NameRoutingComponents } from './routing.ts'
import type { Logger } from '../logger.ts'
import type { Keychain } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'
import type { Datastore } from 'interface-datastore'

/** What the names domain is built from. */
export interface NamesComponents extends NameRoutingComponents {
  /** Holds Cairn's name entries and the DHT's local records. */
  datastore: Datastore
  keychain: Keychain
  /** To check, before publishing, that a path inside a CID exists. */
  fs: Pick<UnixFS, 'stat'>
  logger: Logger
}

export interface NamesInit {
  /** How often names are re-signed (own) or re-put (kept). */
  republishIntervalMs: number
  /** Bound on putting one record to the routing. */
  putTimeoutMs: number
  /** Bound on one routing lookup of a name. */
  lookupTimeoutMs: number
}

/** Shared by the names modules: components, settings, the entry store and its lock. */
export interface NamesContext extends NamesComponents, NamesInit {
  store: NameStore
  lock: NameLock
  log: Logger
  /** Tells the republisher that an entry's schedule changed. */
  wake(): void
}
