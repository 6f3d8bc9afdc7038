import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord } from 'ipns'
import { parseCidPath } from '../cid.ts'
import { ContentNotFoundError, InvalidArgumentError, NotFoundError, RoutingError } from '../errors.ts'
import { keyIdFormat, parseKeyId } from '../keys/key-id.ts'
import { SELF_KEY } from '../keys/keychain.ts'
import { findKeyName, hasKey, loadKey } from '../keys/lookup.ts'
import { readLocalRecord, writeLocalRecord } from './local-records.ts'
import { newest, readRecord, stillValid } from './record.ts'
import { resolveName } from './resolve.ts'
import { putRecord } from './routing.ts'
import { afterPut, nextRepublishAt } from './schedule.ts'
import { withTimeout } from '../deadline.ts'
import type { NamesContext } from './context.ts'
import type { NameEntry } from './name-store.ts'
import type { KeyIdFormat, NameDigest } from '../keys/key-id.ts'
import type { Keychain, PrivateKey } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'

/** How long a record stays valid after it is signed; Kubo's default. @default 48 h */
export const DEFAULT_IPNS_LIFETIME_MS = 48 * 60 * 60 * 1000

/** How long resolvers may cache a record before asking again (the IPNS spec's suggestion, Kubo's default). @default 5 min */
export const DEFAULT_IPNS_TTL_MS = 5 * 60 * 1000

export interface PublishNameOptions extends AbortOptions {
  /** Key name, or a key's id as `key/ls` prints it. @default 'self' */
  key?: string
  /** @default DEFAULT_IPNS_LIFETIME_MS */
  lifetimeMs?: number
  /** @default DEFAULT_IPNS_TTL_MS */
  ttlMs?: number
  /** A sequence number of the caller's choosing; it must be higher than any record of the name this node has seen. */
  sequence?: bigint
  /** Sign V1 as well as V2, for old resolvers. @default true */
  v1Compatible?: boolean
  /** Check first that the value resolves. @default true */
  resolve?: boolean
  /** Succeed with the record stored here when no peer takes it. */
  allowOffline?: boolean
  format?: KeyIdFormat
}

export interface PublishedName {
  /** The key's id: the name to resolve. */
  name: string
  /** The key's name in the keychain. */
  key: string
  /** The path the record points at, as signed. */
  value: string
  sequence: bigint
  eol: Date
  /** Peers that acknowledged the record (0 when published offline). */
  peers: number
}

/**
 * `name/publish`: signs a record pointing the key's name at `value` with the
 * next sequence number (one above the highest this node has seen for the
 * name), stores it as one of this node's names, where the republisher
 * re-signs it from then on, and puts it to the routing, bounded by the put
 * timeout. When no peer takes it the publish fails with RoutingError unless
 * `allowOffline`; the record stays stored and is retried either way.
 */
export async function publishName (ctx: NamesContext, value: string, options: PublishNameOptions = {}): Promise<PublishedName> {
  const path = parsePublishValue(value)
  const keyName = await resolveKeyName(ctx.keychain, options.key ?? SELF_KEY, options)
  const key = await loadKey(ctx.keychain, keyName, options)
  const digest = key.publicKey.toMultihash()
  if (options.resolve !== false) {
    await assertResolves(ctx, path, options)
  }
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_IPNS_LIFETIME_MS

  const entry = await ctx.lock.run(digest, async () => {
    const sequence = await nextSequence(ctx, digest, options)
    const record = await signRecord(key, path, sequence, lifetimeMs, options.ttlMs ?? DEFAULT_IPNS_TTL_MS, options.v1Compatible ?? true)
    const previous = await ctx.store.get(digest, options)
    const signed: NameEntry = { ...previous, kind: 'own', digest, record, lifetimeMs, addedAt: previous?.kind === 'own' ? previous.addedAt : Date.now() }
    await ctx.store.put(signed, options)
    await writeLocalRecord(ctx.datastore, digest, record, options)
    const outcome = await putRecord(ctx, digest, record, { timeoutMs: ctx.putTimeoutMs, signal: options.signal })
    const now = Date.now()
    const done = afterPut(signed, outcome, now)
    const published: NameEntry = { ...done, nextAt: nextRepublishAt(ctx, done, outcome, now) }
    await ctx.store.put(published, options)
    return published
  })
  ctx.wake()

  const signed = readRecord(entry.record)
  if (entry.lastPeers === 0 && options.allowOffline !== true) {
    throw new RoutingError(`the record is stored on this node but was not published: ${entry.lastError ?? 'no peer took it'}; pass allow-offline=true to publish without peers`)
  }
  return {
    name: (options.format ?? keyIdFormat())(key.publicKey),
    key: keyName,
    value: signed.value,
    sequence: signed.sequence,
    eol: signed.eol,
    peers: entry.lastPeers ?? 0
  }
}

/** Signs a record as Kubo does: V2 always, V1 too unless asked not to. */
export async function signRecord (key: PrivateKey, value: string, sequence: bigint, lifetimeMs: number, ttlMs: number, v1Compatible: boolean): Promise<Uint8Array> {
  // the keychain's key type is not libp2p's, which the `ipns` package signs with; unlike
  // @helia/ipns, that package stores the path as given (a CIDv0 stays one), as Kubo does
  const signer = privateKeyFromProtobuf(key.toProtobuf())
  return marshalIPNSRecord(await createIPNSRecord(signer, value, sequence, lifetimeMs, { v1Compatible, ttlNs: BigInt(ttlMs) * 1_000_000n }))
}

/**
 * One above the highest sequence of any valid record of the name held here:
 * the last one published, or a newer one met since. A caller's own choice
 * must be higher still.
 */
async function nextSequence (ctx: NamesContext, digest: NameDigest, options: PublishNameOptions): Promise<bigint> {
  const [entry, local] = await Promise.all([ctx.store.get(digest, options), readLocalRecord(ctx.datastore, digest, options)])
  // an expired record still counts: resolvers that cached it would refuse a lower sequence
  const held = newest([entry == null ? undefined : readRecord(entry.record), await stillValid(digest, local?.bytes)])
  const current = held?.sequence ?? -1n
  if (options.sequence == null) {
    return current + 1n
  }
  if (options.sequence <= current) {
    throw new InvalidArgumentError(`invalid argument "sequence": ${options.sequence} is not higher than the current sequence ${current}`)
  }
  return options.sequence
}

/** Kubo takes `/ipfs/<cid>[/path]`, a bare CID, or `/ipns/<name>[/path]`. */
function parsePublishValue (value: string): string {
  if (value.startsWith('/ipns/')) {
    parseKeyId(value)
    return value
  }
  // the CID as given, as Kubo signs it
  const { cid, path } = parseCidPath(value)
  return `/ipfs/${cid.toString()}${path === '' ? '' : `/${path}`}`
}

/** A key given by name, or by id as Kubo also allows. */
async function resolveKeyName (keychain: Keychain, key: string, options: AbortOptions): Promise<string> {
  if (await hasKey(keychain, key, options)) {
    return key
  }
  let name: string | undefined
  try {
    name = await findKeyName(keychain, parseKeyId(key), options)
  } catch (err) {
    if ((err as Error).name !== 'InvalidArgumentError') {
      throw err
    }
  }
  if (name == null) {
    throw new NotFoundError(`no key named ${key} was found`)
  }
  return name
}

async function assertResolves (ctx: NamesContext, path: string, options: PublishNameOptions): Promise<void> {
  if (path.startsWith('/ipns/')) {
    await resolveName(ctx, path, { signal: options.signal })
    return
  }
  const { cid, path: inner } = parseCidPath(path)
  if (inner === '') {
    return
  }
  try {
    await ctx.fs.stat(cid, { path: inner, signal: withTimeout(ctx.lookupTimeoutMs, options.signal) })
  } catch (err) {
    options.signal?.throwIfAborted()
    throw new ContentNotFoundError(`cannot publish ${path}: it does not resolve (${(err as Error).message}); pass resolve=false to publish it anyway`)
  }
}
