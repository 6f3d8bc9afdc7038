import { AlreadyExistsError, NotFoundError, StaleRecordError } from '../errors.ts'
import { formatKeyId, parseKeyId } from '../keys/key-id.ts'
import { describeEntry } from './held.ts'
import { readLocalRecord, writeLocalRecord } from './local-records.ts'
import { lookupRecord } from './lookup.ts'
import { offerRecord } from './offer.ts'
import { compareRecords, newest, readRecord, sameRecord, stillValid, verifyRecord } from './record.ts'
import { putAndReschedule } from './schedule.ts'
import type { NamesContext } from './context.ts'
import type { HeldName } from './held.ts'
import type { NameEntry } from './name-store.ts'
import type { NameRecord } from './record.ts'
import type { NameDigest } from '../keys/key-id.ts'
import type { AbortOptions } from '@libp2p/interface'

export interface KeepNameOptions extends AbortOptions {
  /** The signed record to keep; without one, the newest valid record is looked up on the routing. */
  record?: Uint8Array
  /** Bound on that lookup, in ms. @default the lookup timeout of the context */
  timeoutMs?: number
}

export interface KeptOutcome {
  name: HeldName
  /** `added`: newly kept; `replaced`: a newer record took the place of the one kept; `unchanged`: that very record was already held. */
  result: 'added' | 'replaced' | 'unchanged'
}

/**
 * Keeps a name this node holds no key for alive: stores its newest valid
 * record, puts it to the routing now (bounded by the put timeout) and hands
 * it to the republisher, which re-puts it every interval until its EOL and
 * replaces it whenever a higher sequence turns up. Refuses (400) an invalid
 * or expired record, (409) one that is not newer than the record already
 * kept, and (409) a name this node publishes itself.
 */
export async function keepName (ctx: NamesContext, name: string, options: KeepNameOptions = {}): Promise<KeptOutcome> {
  const digest = parseKeyId(name)
  const record = options.record != null
    ? await verifyRecord(digest, options.record)
    : (await lookupRecord(ctx, digest, { nocache: true, timeoutMs: options.timeoutMs, signal: options.signal })).record
  return holdRecord(ctx, digest, record, { ...options, own: 'refuse' })
}

/**
 * Delegated routing's PUT: takes a signed record for any name. A newer record
 * of one of this node's own names is adopted (the republisher re-signs it from
 * then on); a record of any other name is kept, as `keepName` does.
 */
export async function acceptRecord (ctx: NamesContext, name: string, bytes: Uint8Array, options?: AbortOptions): Promise<KeptOutcome> {
  const digest = parseKeyId(name)
  return holdRecord(ctx, digest, await verifyRecord(digest, bytes), { ...options, own: 'adopt' })
}

/** Stops keeping a name. Its record stays in the local DHT store until the DHT drops it. */
export async function unkeepName (ctx: NamesContext, name: string, options?: AbortOptions): Promise<HeldName> {
  const digest = parseKeyId(name)
  return ctx.lock.run(digest, async () => {
    const entry = await ctx.store.get(digest, options)
    if (entry?.kind !== 'kept') {
      throw new NotFoundError(`${name} is not a kept name`)
    }
    await ctx.store.delete(digest, options)
    return describeEntry(entry)
  })
}

async function holdRecord (ctx: NamesContext, digest: NameDigest, record: NameRecord, options: AbortOptions & { own: 'refuse' | 'adopt' }): Promise<KeptOutcome> {
  const { entry, result } = await ctx.lock.run(digest, async () => {
    const existing = await ctx.store.get(digest, options)
    if (existing?.kind === 'own' && options.own === 'refuse') {
      throw new AlreadyExistsError(`${formatKeyId(digest)} is published by this node with its own key: it is republished already`)
    }
    if (existing == null) {
      return { entry: await addKept(ctx, digest, record, options), result: 'added' as const }
    }
    const offer = await offerRecord(ctx, digest, record, options)
    if (!offer.held) {
      throw new Error('the entry disappeared while its lock was held')
    }
    if (offer.result === 'older' || (offer.result === 'same' && !sameRecord(record, readRecord(existing.record)))) {
      throw stale(record, readRecord(existing.record))
    }
    return { entry: offer.entry, result: offer.result === 'replaced' ? 'replaced' as const : 'unchanged' as const }
  })
  if (result !== 'unchanged') {
    await putAndReschedule(ctx, entry, options)
    ctx.wake()
  }
  const current = await ctx.store.get(digest, options)
  return { name: describeEntry(current ?? entry), result }
}

async function addKept (ctx: NamesContext, digest: NameDigest, record: NameRecord, options?: AbortOptions): Promise<NameEntry> {
  const now = Date.now()
  // due at once, so that a crash before the first put still leaves it scheduled
  const entry: NameEntry = { kind: 'kept', digest, record: record.bytes, addedAt: now, nextAt: now }
  await ctx.store.put(entry, options)
  const local = await readLocalRecord(ctx.datastore, digest, options)
  const cached = await stillValid(digest, local?.bytes)
  if (newest([cached, record]) === record && !sameRecord(cached, record)) {
    await writeLocalRecord(ctx.datastore, digest, record.bytes, options)
  }
  ctx.log.info({ name: formatKeyId(digest), sequence: record.sequence.toString() }, 'keeping a name')
  return entry
}

function stale (offered: NameRecord, held: NameRecord): StaleRecordError {
  const describe = (record: NameRecord) => `sequence ${record.sequence}, EOL ${record.eol.toISOString()}`
  return compareRecords(offered, held) < 0
    ? new StaleRecordError(`refused: the record (${describe(offered)}) is older than the one held (${describe(held)})`)
    : new StaleRecordError(`refused: the record has the same sequence and EOL as the one held (${describe(held)}) but differs from it`)
}
