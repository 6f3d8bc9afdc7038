import { NotFoundError } from '../errors.ts'
import { formatKeyId } from '../keys/key-id.ts'
import { readLocalRecord, writeLocalRecord } from './local-records.ts'
import { offerRecord } from './offer.ts'
import { newest, sameRecord, stillValid, verifyRecord } from './record.ts'
import { getRecord, isOnline } from './routing.ts'
import type { NamesContext } from './context.ts'
import type { NameRecord } from './record.ts'
import type { NameDigest } from '../keys/key-id.ts'
import type { AbortOptions } from '@libp2p/interface'

export interface LookupOptions extends AbortOptions {
  /** Ask the routing even when a cached record is within its TTL. */
  nocache?: boolean
  /** Bound on the routing lookup, in ms; 0 leaves it to `signal`. @default the lookup timeout of the context */
  timeoutMs?: number
}

/** The best valid record found for one name. */
export interface FoundRecord {
  record: NameRecord
  /** When this answer was fetched from, or confirmed by, the routing (ms since the epoch): its TTL runs from here. */
  cachedAt: number
  /** Answered from what this node holds, without a routing lookup that confirmed it. */
  local: boolean
}

/**
 * One name (not followed) to its best valid record. What this node holds (the
 * DHT's local record, or the entry of a name it publishes or keeps) answers at
 * once while within its TTL; otherwise the routing is asked, within the
 * timeout, and the newest valid record of all wins: the highest sequence, then
 * the latest EOL. That answer is cached here for its TTL, and replaces an
 * older record of a name Cairn publishes or keeps. With no peer, or when the
 * routing has nothing, a held record past its TTL still answers (stale).
 */
export async function lookupRecord (ctx: NamesContext, digest: NameDigest, options: LookupOptions = {}): Promise<FoundRecord> {
  const [local, entry] = await Promise.all([readLocalRecord(ctx.datastore, digest, options), ctx.store.get(digest, options)])
  const [localRecord, heldRecord] = await Promise.all([stillValid(digest, local?.bytes), stillValid(digest, entry?.record)])
  const held = newest([localRecord, heldRecord])
  const heldAt = held == null
    ? 0
    : sameRecord(held, localRecord) ? local?.receivedAt.getTime() ?? 0 : entry?.lastPutAt ?? entry?.addedAt ?? 0

  if (held != null && options.nocache !== true && heldAt + held.ttlMs > Date.now()) {
    return { record: held, cachedAt: heldAt, local: true }
  }
  if (held != null && !isOnline(ctx)) {
    return { record: held, cachedAt: heldAt, local: true }
  }

  const found = await getRecord(ctx, digest, { timeoutMs: options.timeoutMs ?? ctx.lookupTimeoutMs, signal: options.signal })
  let remote: NameRecord | undefined
  let why = found.error
  if (found.bytes != null) {
    try {
      remote = await verifyRecord(digest, found.bytes)
    } catch (err) {
      why = `the record found is not valid: ${(err as Error).message}`
    }
  }
  if (remote == null) {
    if (held != null) {
      return { record: held, cachedAt: heldAt, local: true }
    }
    throw new NotFoundError(`could not resolve name ${formatKeyId(digest)}: ${why ?? 'no record found'}`)
  }

  const best = newest([remote, held]) ?? remote
  await ctx.lock.run(digest, async () => {
    await writeLocalRecord(ctx.datastore, digest, best.bytes, options)
    await offerRecord(ctx, digest, best, options)
  })
  return { record: best, cachedAt: Date.now(), local: false }
}

/** How much longer an answer may be cached: what is left of its TTL, and never past the record's EOL. */
export function remainingTtlMs (found: FoundRecord, now = Date.now()): number {
  return Math.max(0, Math.min(found.cachedAt + found.record.ttlMs - now, found.record.eol.getTime() - now))
}
