import type { Logger } from '../logger.ts'
import { withTimeout } from '../deadline.ts'
import type { Routing } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface ProvideQueueInit {
  /** Provides in flight at once. */
  concurrency: number
  /** CIDs waiting at most; a CID offered beyond this is dropped (the reprovider catches it later). */
  maxPending: number
  /** Bound on one provide: a DHT query has no end of its own. */
  timeoutMs: number
  /** Aborted when the node stops: pending work is dropped, provides in flight are cancelled. */
  signal: AbortSignal
}

export interface ProvideQueue {
  /** Queues a CID without waiting; false when the queue is full or stopped. A CID already waiting is not queued twice. */
  offer(cid: CID): boolean
  /** Waits until there is room, then queues: for the reprovider, which must not drop anything. */
  push(cid: CID, options?: { signal?: AbortSignal }): Promise<void>
  /** Resolves when nothing is waiting or in flight. */
  idle(options?: { signal?: AbortSignal }): Promise<void>
  readonly pending: number
  readonly inFlight: number
  /** Provides that completed, and that failed or timed out, since start. */
  readonly provided: number
  readonly failed: number
}

/**
 * A bounded FIFO of CIDs to announce, worked through by a few workers. Adds
 * and imports only offer to it, so an upload's response never waits on the
 * DHT, and a burst of adds cannot start thousands of DHT queries at once.
 */
export function createProvideQueue (components: { routing: Pick<Routing, 'provide'>, log: Logger }, init: ProvideQueueInit): ProvideQueue {
  const { routing, log } = components
  const waiting = new Map<string, CID>()
  let inFlight = 0
  let provided = 0
  let failed = 0
  let listeners: Array<() => void> = []

  const notify = (): void => {
    const current = listeners
    listeners = []
    for (const listener of current) {
      listener()
    }
  }

  const changed = async (signal?: AbortSignal): Promise<void> => new Promise((resolve, reject) => {
    const all = AbortSignal.any([init.signal, ...(signal == null ? [] : [signal])])
    if (all.aborted) {
      reject(all.reason as Error)
      return
    }
    const onAbort = (): void => { reject(all.reason as Error) }
    all.addEventListener('abort', onAbort, { once: true })
    listeners.push(() => { all.removeEventListener('abort', onAbort); resolve() })
  })

  const work = (): void => {
    while (inFlight < init.concurrency && waiting.size > 0 && !init.signal.aborted) {
      const [key, cid] = waiting.entries().next().value as [string, CID]
      waiting.delete(key)
      inFlight++
      const signal = withTimeout(init.timeoutMs, init.signal)
      routing.provide(cid, { signal }).then(
        () => { provided++; log.debug({ cid: key }, 'provided') },
        (err: Error) => { failed++; log.debug({ cid: key, err: err.message }, 'provide did not complete') }
      ).finally(() => {
        inFlight--
        work()
        notify()
      })
    }
  }

  const offer = (cid: CID): boolean => {
    const key = cid.toString()
    if (init.signal.aborted) {
      return false
    }
    if (waiting.has(key)) {
      return true
    }
    if (waiting.size >= init.maxPending) {
      log.warn({ cid: key, maxPending: init.maxPending }, 'provide queue full; CID left to the reprovider')
      return false
    }
    waiting.set(key, cid)
    work()
    return true
  }

  return {
    offer,
    async push (cid, options = {}) {
      while (waiting.size >= init.maxPending) {
        await changed(options.signal)
      }
      offer(cid)
    },
    async idle (options = {}) {
      while (waiting.size > 0 || inFlight > 0) {
        await changed(options.signal)
      }
    },
    get pending () { return waiting.size },
    get inFlight () { return inFlight },
    get provided () { return provided },
    get failed () { return failed }
  }
}
