import { IPNSEntry, multihashToIPNSRoutingKey } from '@helia/ipns'
import * as dagCbor from '@ipld/dag-cbor'
import { parseCidPath } from '../cid.ts'
import { ContentNotFoundError, NotFoundError, NotReadyError } from '../errors.ts'
import { keyIdFormat, parseKeyId } from '../keys/key-id.ts'
import { SELF_KEY } from '../keys/keychain.ts'
import { findKeyName, hasKey } from '../keys/lookup.ts'
import { resolveName } from './resolve.ts'
import type { KeyIdFormat } from '../keys/key-id.ts'
import type { IPNS } from '@helia/ipns'
import type { Keychain, PublicKey, Routing } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'
import type { AbortOptions, Libp2p } from '@libp2p/interface'

/** How long a record stays valid after it is signed; Kubo's default. @default 48 h */
export const DEFAULT_IPNS_LIFETIME_MS = 48 * 60 * 60 * 1000

/** How long resolvers may cache a record before asking again (IPNS spec's suggestion). @default 5 min */
export const DEFAULT_IPNS_TTL_MS = 5 * 60 * 1000

export interface PublishComponents {
  keychain: Keychain
  ipns: Pick<IPNS, 'publish' | 'resolve'>
  routing: Pick<Routing, 'put'>
  fs: Pick<UnixFS, 'stat'>
  /** With no connection at all the DHT would wait out the timeout for peers: not asked then. */
  network: Pick<Libp2p, 'getConnections'>
}

export interface PublishNameOptions extends AbortOptions {
  /** Key name, or a key's id as `key/ls` prints it. @default 'self' */
  key?: string
  lifetimeMs?: number
  ttlMs?: number
  /** Sign V1 as well as V2, for old resolvers. @default true */
  v1Compatible?: boolean
  /** Check first that the value resolves. @default true */
  resolve?: boolean
  /** Succeed with the record stored here when no peer takes it. */
  allowOffline?: boolean
  format?: KeyIdFormat
  /** Bound on putting the record to the routing. */
  putTimeoutMs: number
  /** Bound on checking that the value resolves. */
  resolveTimeoutMs: number
}

export interface PublishedName {
  /** The key's id: the name to resolve. */
  name: string
  /** The path the record points at, as signed. */
  value: string
  sequence: bigint
  /** Peers that acknowledged the record (0 when published offline). */
  peers: number
}

/**
 * `name/publish`: signs a record pointing the key's name at `value` with the
 * next sequence number, stores it here (where the republisher finds it) and
 * puts it to the routing, bounded by `putTimeoutMs`. When no peer takes it,
 * the publish fails unless `allowOffline`; the stored record stays either way.
 */
export async function publishName (components: PublishComponents, value: string, options: PublishNameOptions): Promise<PublishedName> {
  const path = parsePublishValue(value)
  const keyName = await resolveKeyName(components.keychain, options.key ?? SELF_KEY, options)
  if (options.resolve !== false) {
    await assertResolves(components, path, options)
  }

  const { record, publicKey } = await components.ipns.publish(keyName, path, {
    offline: true,
    lifetime: options.lifetimeMs ?? DEFAULT_IPNS_LIFETIME_MS,
    ttl: options.ttlMs ?? DEFAULT_IPNS_TTL_MS,
    v1Compatible: options.v1Compatible ?? true,
    signal: options.signal
  })
  const peers = await putToRouting(components, publicKey, IPNSEntry.encode(record), options)
  // every record @helia/ipns signs carries the V2 data, whatever v1compat says
  const signed = dagCbor.decode<{ Value: Uint8Array, Sequence: bigint | number }>(record.data ?? new Uint8Array())
  return {
    name: (options.format ?? keyIdFormat())(publicKey),
    value: new TextDecoder().decode(signed.Value),
    sequence: BigInt(signed.Sequence),
    peers
  }
}

/** Kubo takes `/ipfs/<cid>[/path]`, a bare CID, or `/ipns/<name>[/path]`. */
function parsePublishValue (value: string): string {
  if (value.startsWith('/ipns/')) {
    parseKeyId(value)
    return value
  }
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

async function assertResolves (components: PublishComponents, path: string, options: PublishNameOptions): Promise<void> {
  if (path.startsWith('/ipns/')) {
    await resolveName(components, path, { timeoutMs: options.resolveTimeoutMs, signal: options.signal })
    return
  }
  const { cid, path: inner } = parseCidPath(path)
  if (inner === '') {
    return
  }
  try {
    await components.fs.stat(cid, { path: inner, signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.resolveTimeoutMs)].filter(s => s != null)) })
  } catch (err) {
    options.signal?.throwIfAborted()
    throw new ContentNotFoundError(`cannot publish ${path}: it does not resolve (${(err as Error).message}); pass resolve=false to publish it anyway`)
  }
}

interface DhtPeerResponse {
  messageType?: string
  from?: { toString(): string }
}

/** Puts the record to every router; counts the DHT peers that stored it. */
async function putToRouting ({ routing, network }: PublishComponents, publicKey: PublicKey, record: Uint8Array, options: PublishNameOptions): Promise<number> {
  const acknowledged = new Set<string>()
  let failure: Error | undefined
  if (network.getConnections().length === 0) {
    failure = new Error('this node is connected to no peer')
  } else {
    failure = await putAndCount(routing, publicKey, record, acknowledged, options)
  }
  if (acknowledged.size === 0 && options.allowOffline !== true) {
    const why = failure == null ? `no peer took it within ${options.putTimeoutMs} ms` : failure.message
    throw new NotReadyError(`the record is stored on this node but was not published: ${why}; pass allow-offline=true to publish without peers`)
  }
  return acknowledged.size
}

/** Adds each peer that acknowledges the put to `acknowledged`; returns why the put failed, if it did. */
async function putAndCount (routing: Pick<Routing, 'put'>, publicKey: PublicKey, record: Uint8Array, acknowledged: Set<string>, options: PublishNameOptions): Promise<Error | undefined> {
  const deadline = AbortSignal.timeout(options.putTimeoutMs)
  try {
    await routing.put(multihashToIPNSRoutingKey(publicKey.toMultihash()), record, {
      signal: AbortSignal.any([options.signal, deadline].filter(s => s != null)),
      onProgress (event) {
        // helia's types list its own events only; the DHT's pass through at runtime
        const { type, detail } = event as { type: string, detail: DhtPeerResponse | undefined }
        if (type === 'kad-dht:query:peer-response' && detail?.messageType === 'PUT_VALUE' && detail.from != null) {
          acknowledged.add(detail.from.toString())
        }
      }
    })
    return undefined
  } catch (err) {
    options.signal?.throwIfAborted()
    return new Error(deadline.aborted ? `the routing put did not finish within ${options.putTimeoutMs} ms` : `the routing failed: ${(err as Error).message}`)
  }
}
