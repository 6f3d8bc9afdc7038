/**
 * @packageDocumentation
 *
 * IPNS names that never lapse. Cairn publishes names signed by the keys in
 * its keychain and resolves any name, and it keeps names alive: its own are
 * re-signed before they can expire, and names it holds no key for ("kept"
 * names) are re-put to the routing, as signed, until their EOL. What it holds
 * (one entry per name: the newest valid record and the republish schedule)
 * lives in the datastore, so the schedule survives restarts.
 *
 * @example
 *
 * ```TypeScript
 * const names = createNames({ datastore, keychain, routing, network, fs, logger }, {
 *   republishIntervalMs: DEFAULT_IPNS_REPUBLISH_INTERVAL_MS,
 *   putTimeoutMs: 60_000,
 *   lookupTimeoutMs: 30_000
 * })
 * await names.start()
 *
 * const { name } = await names.publish('/ipfs/bafy…/site', { key: 'self', allowOffline: true })
 * const { cid, path, ttlMs } = await names.resolveContent(`/ipns/${name}/index.html`)
 * // cid = bafy…, path = 'site/index.html', ttlMs ≤ 5 min
 *
 * await names.keep('k51…someone-else')  // looked up, stored, re-put every interval until its EOL
 * await names.stop()
 * ```
 */
import { parseCidPath } from '../cid.ts'
import { UnsupportedContentError } from '../errors.ts'
import { parseKeyId } from '../keys/key-id.ts'
import { getKeptName, listKeptNames, listOwnNames } from './held.ts'
import { acceptRecord, keepName, unkeepName } from './kept.ts'
import { lookupRecord, remainingTtlMs } from './lookup.ts'
import { adoptHeliaNames } from './migrate.ts'
import { NameLock } from './name-lock.ts'
import { NameStore } from './name-store.ts'
import { publishName } from './publish.ts'
import { Republisher } from './republisher.ts'
import { resolveName } from './resolve.ts'
import type { NamesComponents, NamesContext, NamesInit } from './context.ts'
import type { HeldName } from './held.ts'
import type { KeepNameOptions, KeptOutcome } from './kept.ts'
import type { LookupOptions } from './lookup.ts'
import type { PublishedName, PublishNameOptions } from './publish.ts'
import type { NameRecord } from './record.ts'
import type { ResolvedName, ResolveNameOptions } from './resolve.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

export type { NamesComponents, NamesInit } from './context.ts'
export type { HeldName } from './held.ts'
export type { KeepNameOptions, KeptOutcome } from './kept.ts'
export type { LookupOptions } from './lookup.ts'
export type { PublishedName, PublishNameOptions } from './publish.ts'
export type { NameRecord } from './record.ts'
export type { ResolvedName, ResolveNameOptions } from './resolve.ts'
export { DEFAULT_IPNS_LIFETIME_MS, DEFAULT_IPNS_TTL_MS } from './publish.ts'
export { MAX_RECORD_BYTES } from './record.ts'

/** Where an `/ipns/` content path leads: for the gateway. */
export interface ResolvedContent {
  /** The CID the content path starts from. */
  cid: CID
  /** The path below it, without leading or trailing slash; '' for the CID itself. */
  path: string
  /** How long the answer may be cached (for `Cache-Control`): the least TTL left along the names followed, in ms. */
  ttlMs: number
}

/** The signed record of one name (not followed). */
export interface NameRecordAnswer {
  /** `record.bytes` is the signed record as received, for `application/vnd.ipfs.ipns-record`. */
  record: NameRecord
  /** How long this answer may still be cached: what is left of its TTL, never past its EOL, in ms. */
  ttlMs: number
}

export interface Names {
  /** `name/publish`: see `publishName`. */
  publish(value: string, options?: PublishNameOptions): Promise<PublishedName>
  /** `name/resolve`: `/ipns/<name>[/path]` to a path, following names; see `resolveName`. */
  resolve(name: string, options?: ResolveNameOptions): Promise<ResolvedName>
  /** The gateway's `/ipns/<name>[/path]`: followed to a CID and the path below it, with the TTL left. */
  resolveContent(contentPath: string, options?: LookupOptions): Promise<ResolvedContent>
  /** The newest valid signed record of a name, from the local cache within its TTL or from the routing. */
  record(name: string, options?: LookupOptions): Promise<NameRecordAnswer>
  /** Delegated routing's PUT: keep (or, for an own name, adopt) a signed record. */
  accept(name: string, record: Uint8Array, options?: AbortOptions): Promise<KeptOutcome>
  keep(name: string, options?: KeepNameOptions): Promise<KeptOutcome>
  unkeep(name: string, options?: AbortOptions): Promise<HeldName>
  kept(name: string, options?: AbortOptions): Promise<HeldName>
  listKept(options?: AbortOptions): Promise<HeldName[]>
  /** Names published here whose key the keychain holds. */
  listOwn(options?: AbortOptions): Promise<HeldName[]>
  /** Starts the republisher: names that fell due while the node was down are handled at once. */
  start(): Promise<void>
  stop(): Promise<void>
}

export function createNames (components: NamesComponents, init: NamesInit): Names {
  let republisher: Republisher | undefined
  const ctx: NamesContext = {
    ...components,
    ...init,
    store: new NameStore(components.datastore),
    lock: new NameLock(),
    log: components.logger.child({ component: 'cairn:names' }),
    wake: () => { republisher?.wake() }
  }

  return {
    publish: async (value, options) => publishName(ctx, value, options),
    resolve: async (name, options) => resolveName(ctx, name, options),
    async resolveContent (contentPath, options) {
      const { path, ttlMs } = await resolveName(ctx, contentPath, options)
      if (!path.startsWith('/ipfs/')) {
        throw new UnsupportedContentError(`${contentPath} points at ${path}, which is not an /ipfs/ path`)
      }
      const { cid, path: inner } = parseCidPath(path)
      return { cid, path: inner.replace(/^\/+|\/+$/g, ''), ttlMs }
    },
    async record (name, options) {
      const found = await lookupRecord(ctx, parseKeyId(name), options)
      return { record: found.record, ttlMs: remainingTtlMs(found) }
    },
    accept: async (name, record, options) => acceptRecord(ctx, name, record, options),
    keep: async (name, options) => keepName(ctx, name, options),
    unkeep: async (name, options) => unkeepName(ctx, name, options),
    kept: async (name, options) => getKeptName(ctx, name, options),
    listKept: async (options) => listKeptNames(ctx, options),
    listOwn: async (options) => listOwnNames(ctx, options),
    async start () {
      await adoptHeliaNames(ctx)
      republisher = new Republisher(ctx)
      republisher.start()
    },
    async stop () {
      await republisher?.stop()
      republisher = undefined
    }
  }
}
