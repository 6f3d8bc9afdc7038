/**
 * Two locks per node, keyed by its `helia.pins`, that keep garbage collection
 * and pinning apart, as Kubo's GC lock and pin lock do.
 *
 * - The guard: pin work (fetching a DAG, then recording the pin) holds it
 *   shared for its whole length; `repo gc` holds it exclusively. So gc never
 *   sweeps blocks a pin has fetched but not yet recorded, and waits for pins
 *   in flight (each bounded by its idle timeout). Waiters are served in order,
 *   so a gc that waits is not overtaken by pins that come later.
 * - The record lock: Helia updates a block's pin count with a
 *   read-modify-write of the datastore and no lock of its own, so changes to
 *   pin records run one at a time.
 */

import { AsyncLocalStorage } from 'node:async_hooks'

interface Waiter {
  exclusive: boolean
  grant: () => void
}

class GuardLock {
  private shared = 0
  private exclusive = false
  private readonly waiting: Waiter[] = []

  async acquire (exclusive: boolean): Promise<() => void> {
    if (this.waiting.length === 0 && this.grantable(exclusive)) {
      this.take(exclusive)
    } else {
      await new Promise<void>(resolve => this.waiting.push({ exclusive, grant: resolve }))
    }
    let released = false
    return () => {
      if (released) {
        return
      }
      released = true
      if (exclusive) {
        this.exclusive = false
      } else {
        this.shared--
      }
      this.serve()
    }
  }

  private grantable (exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive
  }

  private take (exclusive: boolean): void {
    if (exclusive) {
      this.exclusive = true
    } else {
      this.shared++
    }
  }

  private serve (): void {
    for (let next = this.waiting[0]; next != null && this.grantable(next.exclusive); next = this.waiting[0]) {
      this.waiting.shift()
      this.take(next.exclusive)
      next.grant()
    }
  }
}

const guards = new WeakMap<object, GuardLock>()
const recordTails = new WeakMap<object, Promise<void>>()

/** The guards the current async call chain holds shared, so that nesting them cannot deadlock behind a waiting gc. */
const held = new AsyncLocalStorage<ReadonlySet<object>>()

async function guarded<T> (owner: object, exclusive: boolean, fn: () => Promise<T>): Promise<T> {
  const holding = held.getStore() ?? new Set<object>()
  if (!exclusive && holding.has(owner)) {
    return fn()
  }
  let guard = guards.get(owner)
  if (guard == null) {
    guard = new GuardLock()
    guards.set(owner, guard)
  }
  const release = await guard.acquire(exclusive)
  try {
    return await (exclusive ? fn() : held.run(new Set([...holding, owner]), fn))
  } finally {
    release()
  }
}

/**
 * Pin work that gc must not interleave with: fetching and pinning a DAG, or
 * an upload from its first block to its pin. Nests freely.
 */
export async function withPinGuard<T> (owner: object, fn: () => Promise<T>): Promise<T> {
  return guarded(owner, false, fn)
}

/** Garbage collection: runs alone, once the pin work in flight is done. */
export async function withGcLock<T> (owner: object, fn: () => Promise<T>): Promise<T> {
  return guarded(owner, true, fn)
}

/** Changes to pin records, one at a time; the caller holds the pin guard. */
export async function withRecordLock<T> (owner: object, fn: () => Promise<T>): Promise<T> {
  const previous = recordTails.get(owner) ?? Promise.resolve()
  const run = previous.then(fn)
  recordTails.set(owner, run.then(() => undefined, () => undefined))
  return run
}

/** A short change to pin records: the pin guard and the record lock together. */
export async function withPinLock<T> (owner: object, fn: () => Promise<T>): Promise<T> {
  return withPinGuard(owner, async () => withRecordLock(owner, fn))
}
