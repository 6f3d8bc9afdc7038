import { formatKeyId } from '../keys/key-id.ts'
import { writeLocalRecord } from './local-records.ts'
import { compareRecords, readRecord } from './record.ts'
import type { NamesContext } from './context.ts'
import type { NameEntry } from './name-store.ts'
import type { NameRecord } from './record.ts'
import type { NameDigest } from '../keys/key-id.ts'
import type { AbortOptions } from '@libp2p/interface'

/** What became of a record offered for a name Cairn holds. */
export type OfferOutcome =
  | { held: false }
  /** `same`: neither is newer (the very same record, or one of equal sequence and EOL). */
  | { held: true, result: 'replaced' | 'same' | 'older', entry: NameEntry }

/**
 * Offers a verified record to the entry of a name Cairn publishes or keeps:
 * a newer one (higher sequence, or same sequence and later EOL) replaces the
 * held record, so the republisher goes on with it, and is also what the DHT
 * serves from here. A kept name past its EOL is revived by a newer record.
 * The caller holds the name's lock.
 */
export async function offerRecord (ctx: NamesContext, digest: NameDigest, record: NameRecord, options?: AbortOptions): Promise<OfferOutcome> {
  const entry = await ctx.store.get(digest, options)
  if (entry == null) {
    return { held: false }
  }
  const order = compareRecords(record, readRecord(entry.record))
  if (order < 0) {
    return { held: true, result: 'older', entry }
  }
  if (order === 0) {
    return { held: true, result: 'same', entry }
  }
  const replaced: NameEntry = { ...entry, record: record.bytes }
  if (entry.kind === 'kept' && entry.nextAt == null) {
    replaced.nextAt = Date.now()
    ctx.wake()
  }
  await ctx.store.put(replaced, options)
  await writeLocalRecord(ctx.datastore, digest, record.bytes, options)
  ctx.log.info({ name: formatKeyId(digest), kind: entry.kind, sequence: record.sequence.toString() }, 'a newer record replaced the one held')
  return { held: true, result: 'replaced', entry: replaced }
}
