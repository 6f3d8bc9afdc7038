import { base32 } from 'multiformats/bases/base32'
import { NotFoundError } from '../errors.ts'
import { formatKeyId, parseKeyId } from '../keys/key-id.ts'
import { readableKeys } from '../keys/lookup.ts'
import { readRecord } from './record.ts'
import type { NamesContext } from './context.ts'
import type { NameEntry, NameKind } from './name-store.ts'
import type { AbortOptions } from '@libp2p/interface'

/** A name this node publishes or keeps, as the names API shows it. */
export interface HeldName {
  /** The name, as base36 CIDv1 (`k51…`). */
  name: string
  kind: NameKind
  /** Own names: the key that signs it. */
  key?: string
  /** What the held record points at, its sequence, EOL and TTL. */
  value: string
  sequence: bigint
  eol: Date
  ttlMs: number
  v1Compatible: boolean
  /** Own names: the lifetime each re-signed record gets. */
  lifetimeMs?: number
  addedAt: Date
  lastPutAt?: Date
  lastPeers?: number
  lastError?: string
  /** When it is next re-signed or re-put; absent for a kept name past its last put before EOL. */
  nextAt?: Date
}

export function describeEntry (entry: NameEntry, key?: string): HeldName {
  const record = readRecord(entry.record)
  return {
    name: formatKeyId(entry.digest),
    kind: entry.kind,
    key,
    value: record.value,
    sequence: record.sequence,
    eol: record.eol,
    ttlMs: record.ttlMs,
    v1Compatible: record.v1Compatible,
    lifetimeMs: entry.lifetimeMs,
    addedAt: new Date(entry.addedAt),
    lastPutAt: entry.lastPutAt == null ? undefined : new Date(entry.lastPutAt),
    lastPeers: entry.lastPeers,
    lastError: entry.lastError,
    nextAt: entry.nextAt == null ? undefined : new Date(entry.nextAt)
  }
}

/**
 * This node's own names: every name it published whose key it still holds,
 * with its key's name, by name. (A name whose key was removed is dropped by
 * the republisher.)
 */
export async function listOwnNames (ctx: NamesContext, options?: AbortOptions): Promise<HeldName[]> {
  const keyNames = new Map<string, string>()
  for await (const { name, key } of readableKeys(ctx.keychain, options)) {
    keyNames.set(base32.baseEncode(key.publicKey.toMultihash().bytes), name)
  }
  const names: HeldName[] = []
  for await (const entry of ctx.store.list('own', options)) {
    const key = keyNames.get(base32.baseEncode(entry.digest.bytes))
    if (key != null) {
      names.push(describeEntry(entry, key))
    }
  }
  return names.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))
}

export async function listKeptNames (ctx: NamesContext, options?: AbortOptions): Promise<HeldName[]> {
  const names: HeldName[] = []
  for await (const entry of ctx.store.list('kept', options)) {
    names.push(describeEntry(entry))
  }
  return names.sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime())
}

/** One kept name; NotFoundError when it is not kept. */
export async function getKeptName (ctx: NamesContext, name: string, options?: AbortOptions): Promise<HeldName> {
  const entry = await ctx.store.get(parseKeyId(name), options)
  if (entry?.kind !== 'kept') {
    throw new NotFoundError(`${name} is not a kept name`)
  }
  return describeEntry(entry)
}
