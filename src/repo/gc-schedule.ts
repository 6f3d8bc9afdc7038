import drain from 'it-drain'
import { collectGarbage } from './gc.ts'
import type { Logger } from '../logger.ts'
import type { CairnMetrics } from '../metrics/index.ts'
import type { GcStores } from './gc.ts'

export interface GcRunner {
  /** Starts a collection in the background unless one is running; `reason` goes to the log. */
  run(reason: string): void
}

/**
 * Background `repo gc` that never overlaps itself: what the schedule and the
 * storage watermark call. Pins and uploads in flight are safe: gc waits for
 * them (see src/pins/lock.ts).
 */
export function gcRunner (stores: GcStores, log: Logger, metrics?: Pick<CairnMetrics, 'gcRuns' | 'gcRemovedBlocks'>): GcRunner {
  let running = false
  return {
    run (reason) {
      if (running) {
        return
      }
      running = true
      const started = performance.now()
      let removed = 0
      drain((async function * () {
        for await (const result of collectGarbage(stores)) {
          if ('removed' in result) {
            removed++
          }
          yield result
        }
      })()).then(
        () => {
          metrics?.gcRuns.inc({ reason, outcome: 'done' })
          metrics?.gcRemovedBlocks.inc(removed)
          log.info({ reason, removed, ms: Math.round(performance.now() - started) }, 'gc done')
        },
        (err: Error) => {
          metrics?.gcRuns.inc({ reason, outcome: 'failed' })
          log.warn({ reason, err: err.message }, 'gc failed')
        }
      ).finally(() => { running = false })
    }
  }
}

/**
 * Runs `repo gc` every `intervalMs` (Kubo's `--enable-gc` with
 * `Datastore.GCPeriod`); the schedule ends with `signal`.
 */
export function scheduleGc (gc: GcRunner, options: { intervalMs: number, signal: AbortSignal }): void {
  const timer = setInterval(() => {
    if (!options.signal.aborted) {
      gc.run('schedule')
    }
  }, options.intervalMs)
  timer.unref()
  options.signal.addEventListener('abort', () => { clearInterval(timer) }, { once: true })
}
