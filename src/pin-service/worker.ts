import { addPin, splitKeywords, withProgressTicks } from '../pins.ts'
import { connectPeers } from '../peers/connections.ts'
import type { Logger } from '../logger.ts'
import type { PinNode } from '../pins.ts'
import type { PinRequest } from './request.ts'
import type { Libp2p } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

export interface WorkerDeps {
  /** The pin engine's node; its `fetchTimeoutMs` is the pin idle timeout here. */
  pins: PinNode
  libp2p: Pick<Libp2p, 'dial'>
  log: Logger
  /** Announces a CID once it is pinned, so peers can find this holder. */
  announce?(cid: CID): void
}

export interface WorkerOptions {
  concurrency: number
  idleTimeoutMs: number
}

export interface PinJob {
  request: PinRequest
  cid: CID
}

/** What the worker reports back; the service persists it. */
export interface WorkerEvents {
  onStart(requestid: string): Promise<void>
  onProgress(requestid: string, progress: { blocks: number, bytes: number }): Promise<void>
  onPinned(requestid: string): Promise<void>
  onFailed(requestid: string, reason: string): Promise<void>
}

/**
 * Runs pin requests in the background, at most `concurrency` at once, in the
 * order they came. Each dials its origins, then fetches and pins the whole
 * DAG through the pin engine, which fails it once no block has arrived for
 * the idle timeout. Work cut short by `stop()` is reported nowhere: its
 * request stays `queued` or `pinning` and resumes at the next start.
 */
export class PinWorker {
  private readonly queue: PinJob[] = []
  private readonly running = new Map<string, { controller: AbortController, done: Promise<void> }>()
  private readonly lifetime = new AbortController()
  private readonly deps: WorkerDeps
  private readonly options: WorkerOptions
  private readonly events: WorkerEvents

  constructor (deps: WorkerDeps, options: WorkerOptions, events: WorkerEvents) {
    this.deps = deps
    this.options = options
    this.events = events
  }

  enqueue (job: PinJob): void {
    if (this.lifetime.signal.aborted) {
      return
    }
    this.queue.push(job)
    this.pump()
  }

  /**
   * Runs a job now, past the queue and the concurrency bound, and waits for
   * it: for DAGs already here, which pin without waiting on anyone.
   */
  async runNow (job: PinJob): Promise<void> {
    if (this.lifetime.signal.aborted) {
      return
    }
    const controller = new AbortController()
    const done = this.run(job, AbortSignal.any([controller.signal, this.lifetime.signal]))
      .finally(() => { this.running.delete(job.request.requestid) })
    this.running.set(job.request.requestid, { controller, done: done.catch(() => {}) })
    await done
  }

  /**
   * Drops a queued job, or aborts a running one and waits for it to unwind;
   * no event is reported for it.
   */
  async cancel (requestid: string): Promise<void> {
    const index = this.queue.findIndex(job => job.request.requestid === requestid)
    if (index >= 0) {
      this.queue.splice(index, 1)
    }
    const run = this.running.get(requestid)
    run?.controller.abort()
    await run?.done
  }

  /** Where a queued request stands in line (1-based), or undefined when it is not waiting. */
  position (requestid: string): { position: number, of: number } | undefined {
    const index = this.queue.findIndex(job => job.request.requestid === requestid)
    return index < 0 ? undefined : { position: index + 1, of: this.queue.length }
  }

  /** Stops taking work, aborts what runs and waits for it to unwind. */
  async stop (): Promise<void> {
    this.lifetime.abort()
    this.queue.length = 0
    await Promise.all([...this.running.values()].map(async run => run.done))
  }

  private pump (): void {
    while (this.running.size < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()
      if (job == null) {
        return
      }
      const controller = new AbortController()
      const done = this.run(job, AbortSignal.any([controller.signal, this.lifetime.signal]))
        .catch(err => { this.deps.log.error({ err, requestid: job.request.requestid }, 'pin request bookkeeping failed') })
        .finally(() => {
          this.running.delete(job.request.requestid)
          this.pump()
        })
      this.running.set(job.request.requestid, { controller, done })
    }
  }

  private async run ({ request, cid }: PinJob, signal: AbortSignal): Promise<void> {
    const { requestid } = request
    await this.events.onStart(requestid)
    await this.dialOrigins(request.pin.origins, signal)
    const node: PinNode = { ...this.deps.pins, config: { fetchTimeoutMs: this.options.idleTimeoutMs } }
    try {
      for await (const event of withProgressTicks(async onProgress => addPin(node, cid, { name: request.pin.name, ...listing(request.pin.meta), signal, onProgress }))) {
        if (event.type === 'progress') {
          await this.events.onProgress(requestid, event.progress)
        }
      }
    } catch (err) {
      if (signal.aborted) {
        return
      }
      this.deps.log.info({ requestid, cid: request.pin.cid, reason: (err as Error).message }, 'pin request failed')
      await this.events.onFailed(requestid, (err as Error).message)
      return
    }
    if (!signal.aborted) {
      await this.events.onPinned(requestid)
    }
  }

  /**
   * Connects to the peers the client named as holders, each on its own and
   * bounded by the idle timeout. One that cannot be reached (or that the
   * connection gater refuses) is passed over: the DAG may still come from
   * connected peers or the routing.
   */
  private async dialOrigins (origins: string[], signal: AbortSignal): Promise<void> {
    await Promise.all(origins.map(async origin => {
      try {
        await connectPeers(this.deps.libp2p, [origin], { timeoutMs: this.options.idleTimeoutMs, signal })
      } catch (err) {
        this.deps.log.debug({ origin, err: (err as Error).message }, 'origin not reached')
      }
    }))
  }
}

/**
 * Cairn reads three `meta` keys: `public: "true"` makes the pin findable by
 * peers' searches (anything else keeps it private), `description` and
 * `keywords` (comma-separated) are indexed with it.
 */
export function listing (meta: Record<string, string>): { public: boolean, description?: string, keywords?: string[] } {
  return {
    public: meta.public === 'true',
    description: meta.description,
    keywords: meta.keywords == null ? undefined : splitKeywords(meta.keywords)
  }
}
