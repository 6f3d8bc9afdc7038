import { equals } from 'multiformats/bytes'
import { formatKeyId } from '../keys/key-id.ts'
import { readRecord } from './record.ts'
import { putRecord } from './routing.ts'
import type { NamesContext } from './context.ts'
import type { NameEntry } from './name-store.ts'
import type { PutOutcome } from './routing.ts'
import type { AbortOptions } from '@libp2p/interface'

/**
 * After a put no peer took, the first retry comes this soon; each further
 * failure doubles the wait, up to REPUBLISH_RETRY_MAX_MS (or the republish
 * interval, if shorter). A node that has just started, or lost its peers,
 * gets its names out within seconds of the DHT having peers, not hours later.
 *
 * @default 1_000
 */
export const REPUBLISH_RETRY_MS = 1_000

/** @default 60_000 */
export const REPUBLISH_RETRY_MAX_MS = 60_000

/**
 * When the republisher should next handle a name, after a put with this
 * outcome at `now`.
 *
 * - own names: after the republish interval, or half the record lifetime if
 *   that is shorter, so that a record is re-signed well before it can expire
 *   whatever lifetime it was published with;
 * - kept names: after the republish interval, while that is before the
 *   record's EOL; after that nothing (undefined), as re-putting a record that
 *   has expired is pointless.
 *
 * After a put that no peer took (`entry.failures` in a row), the retry backs
 * off from REPUBLISH_RETRY_MS instead.
 */
export function nextRepublishAt (ctx: Pick<NamesContext, 'republishIntervalMs'>, entry: NameEntry, outcome: PutOutcome, now: number): number | undefined {
  const interval = entry.kind === 'own'
    ? Math.min(ctx.republishIntervalMs, Math.max(1, Math.floor((entry.lifetimeMs ?? ctx.republishIntervalMs) / 2)))
    : ctx.republishIntervalMs
  const retry = Math.min(interval, REPUBLISH_RETRY_MAX_MS, REPUBLISH_RETRY_MS * 2 ** Math.min(30, Math.max(0, (entry.failures ?? 1) - 1)))
  const next = now + (outcome.peers > 0 ? interval : retry)
  if (entry.kind === 'kept' && next >= readRecord(entry.record).eol.getTime()) {
    return undefined
  }
  return next
}

/**
 * Puts an entry's record to the routing, then records the outcome and the
 * next run in the entry, unless its record changed meanwhile (a publish, or a
 * newer record arrived): that change brought its own schedule. Returns the
 * entry's next run.
 */
export async function putAndReschedule (ctx: NamesContext, entry: NameEntry, options?: AbortOptions): Promise<number | undefined> {
  const outcome = await putRecord(ctx, entry.digest, entry.record, { timeoutMs: ctx.putTimeoutMs, signal: options?.signal })
  return ctx.lock.run(entry.digest, async () => {
    const current = await ctx.store.get(entry.digest, options)
    if (current == null || !equals(current.record, entry.record)) {
      return current?.nextAt
    }
    const now = Date.now()
    const done = afterPut(current, outcome, now)
    const nextAt = nextRepublishAt(ctx, done, outcome, now)
    await ctx.store.put({ ...done, nextAt }, options)
    ctx.log[outcome.peers > 0 ? 'debug' : 'warn']({ name: formatKeyId(entry.digest), kind: entry.kind, peers: outcome.peers, error: outcome.error }, 'put a name to the routing')
    return nextAt
  })
}

/** An entry with the outcome of a put at `now` recorded (schedule not yet updated). */
export function afterPut (entry: NameEntry, outcome: PutOutcome, now: number): NameEntry {
  return {
    ...entry,
    lastPutAt: now,
    lastPeers: outcome.peers,
    lastError: outcome.error,
    failures: outcome.peers > 0 ? undefined : (entry.failures ?? 0) + 1
  }
}
