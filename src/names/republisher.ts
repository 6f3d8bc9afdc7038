import { base32 } from 'multiformats/bases/base32'
import { equals } from 'multiformats/bytes'
import { formatKeyId } from '../keys/key-id.ts'
import { readableKeys } from '../keys/lookup.ts'
import { writeLocalRecord } from './local-records.ts'
import { lookupRecord } from './lookup.ts'
import { DEFAULT_IPNS_LIFETIME_MS, signRecord } from './publish.ts'
import { readRecord } from './record.ts'
import { nextRepublishAt, putAndReschedule } from './schedule.ts'
import type { NamesContext } from './context.ts'
import type { NameEntry } from './name-store.ts'
import type { PrivateKey } from '@helia/interface'

/** Names handled at once; each waits on the routing for up to the put timeout. */
const REPUBLISH_CONCURRENCY = 4

/** setTimeout's longest delay; a later wake-up is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Keeps names alive. Each entry of the name store carries its `nextAt`, so
 * the schedule is in the datastore and survives restarts: on start every
 * name that fell due while the node was down is handled at once, the others
 * when their time comes. Names whose key this node holds are re-signed (same
 * value and sequence, a fresh EOL, as Kubo does) and put to the routing; kept
 * names are first looked up for a newer record, then re-put as signed, until
 * their EOL. A put that no peer takes is retried soon (see `schedule.ts`).
 */
export class Republisher {
  private readonly ctx: NamesContext
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private started = false

  constructor (ctx: NamesContext) {
    this.ctx = ctx
  }

  start (): void {
    this.started = true
    this.arm(0)
  }

  /** Stops scheduling, aborts routing calls in flight and waits for the run to end. */
  async stop (): Promise<void> {
    this.started = false
    clearTimeout(this.timer)
    this.controller.abort()
    await this.running
  }

  /** An entry's schedule changed: look again at what is due. */
  wake (): void {
    if (this.started) {
      this.arm(0)
    }
  }

  private arm (delayMs: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => { this.tick() }, Math.min(Math.max(0, delayMs), MAX_TIMER_MS))
    this.timer.unref()
  }

  private tick (): void {
    if (this.running != null) {
      this.again = true
      return
    }
    this.running = this.runDue().then(
      (next) => { this.afterRun(next) },
      (err: unknown) => {
        if (!this.controller.signal.aborted) {
          this.ctx.log.error({ err }, 'republish run failed')
        }
        this.afterRun(Date.now() + this.ctx.republishIntervalMs)
      }
    )
  }

  private afterRun (next: number | undefined): void {
    this.running = undefined
    if (!this.started) {
      return
    }
    if (this.again) {
      this.again = false
      this.arm(0)
    } else if (next != null) {
      this.arm(next - Date.now())
    }
  }

  /** Handles every due entry; returns when the next one falls due. */
  private async runDue (): Promise<number | undefined> {
    const signal = this.controller.signal
    const now = Date.now()
    const due: NameEntry[] = []
    let next: number | undefined
    for await (const entry of this.ctx.store.list(undefined, { signal })) {
      if (entry.nextAt == null) {
        continue
      }
      if (entry.nextAt <= now) {
        due.push(entry)
      } else {
        next = Math.min(next ?? entry.nextAt, entry.nextAt)
      }
    }
    if (due.length === 0) {
      return next
    }
    const keys = due.some(entry => entry.kind === 'own') ? await this.keysByName() : new Map<string, PrivateKey>()
    const queue = [...due]
    // settled, not all: on stop, every worker must have finished before the stores close
    await Promise.allSettled(Array.from({ length: Math.min(REPUBLISH_CONCURRENCY, queue.length) }, async () => {
      for (let entry = queue.shift(); entry != null && !signal.aborted; entry = queue.shift()) {
        const after = await this.handle(entry, keys).catch((err: unknown) => {
          if (signal.aborted) {
            return undefined
          }
          this.ctx.log.error({ err, name: formatKeyId(entry.digest) }, 'republishing a name failed')
          return this.deferAfterError(entry, err as Error).catch(() => Date.now() + this.ctx.republishIntervalMs)
        })
        if (after != null) {
          next = Math.min(next ?? after, after)
        }
      }
    }))
    return next
  }

  private async keysByName (): Promise<Map<string, PrivateKey>> {
    const keys = new Map<string, PrivateKey>()
    for await (const { key } of readableKeys(this.ctx.keychain, { signal: this.controller.signal })) {
      keys.set(base32.baseEncode(key.publicKey.toMultihash().bytes), key)
    }
    return keys
  }

  private async handle (entry: NameEntry, keys: Map<string, PrivateKey>): Promise<number | undefined> {
    if (entry.kind === 'own') {
      return this.resign(entry, keys.get(base32.baseEncode(entry.digest.bytes)))
    }
    return this.reput(entry)
  }

  /** An own name: re-signed with a fresh EOL, then put. A name whose key is gone is dropped. */
  private async resign (due: NameEntry, key: PrivateKey | undefined): Promise<number | undefined> {
    const { ctx } = this
    const signal = this.controller.signal
    const name = formatKeyId(due.digest)
    const signed = await ctx.lock.run(due.digest, async () => {
      const entry = await ctx.store.get(due.digest, { signal })
      if (entry?.kind !== 'own' || entry.nextAt !== due.nextAt) {
        return undefined
      }
      if (key == null) {
        await ctx.store.delete(entry.digest, { signal })
        ctx.log.warn({ name }, 'the key of this name is no longer in the keychain; it is not republished any more')
        return undefined
      }
      const held = readRecord(entry.record)
      const record = await signRecord(key, held.value, held.sequence, entry.lifetimeMs ?? DEFAULT_IPNS_LIFETIME_MS, held.ttlMs, held.v1Compatible)
      const resigned: NameEntry = { ...entry, record }
      await ctx.store.put(resigned, { signal })
      await writeLocalRecord(ctx.datastore, entry.digest, record, { signal })
      return resigned
    })
    return signed == null ? (await ctx.store.get(due.digest, { signal }))?.nextAt : putAndReschedule(ctx, signed, { signal })
  }

  /** A kept name: replaced by any newer record the routing has, then re-put until its EOL. */
  private async reput (due: NameEntry): Promise<number | undefined> {
    const { ctx } = this
    const signal = this.controller.signal
    if (readRecord(due.record).eol.getTime() <= Date.now()) {
      await ctx.lock.run(due.digest, async () => {
        const entry = await ctx.store.get(due.digest, { signal })
        if (entry != null && equals(entry.record, due.record)) {
          await ctx.store.put({ ...entry, nextAt: undefined }, { signal })
          ctx.log.info({ name: formatKeyId(due.digest) }, 'a kept name reached its EOL; it is no longer re-put')
        }
      })
      return undefined
    }
    // a newer record may have been published since: keep that one alive instead
    await lookupRecord(ctx, due.digest, { nocache: true, signal }).catch((err: unknown) => {
      signal.throwIfAborted()
      ctx.log.debug({ err, name: formatKeyId(due.digest) }, 'looking for a newer record of a kept name failed')
    })
    const entry = await ctx.store.get(due.digest, { signal })
    return entry?.kind === 'kept' ? putAndReschedule(ctx, entry, { signal }) : entry?.nextAt
  }

  /** A name whose republish threw is retried with the same back-off as a put no peer took. */
  private async deferAfterError (due: NameEntry, err: Error): Promise<number | undefined> {
    const { ctx } = this
    return ctx.lock.run(due.digest, async () => {
      const entry = await ctx.store.get(due.digest)
      if (entry == null || !equals(entry.record, due.record)) {
        return entry?.nextAt
      }
      const failed: NameEntry = { ...entry, lastError: `republishing failed: ${err.message}`, failures: (entry.failures ?? 0) + 1 }
      const nextAt = nextRepublishAt(ctx, failed, { peers: 0 }, Date.now())
      await ctx.store.put({ ...failed, nextAt })
      return nextAt
    })
  }
}
