import drain from 'it-drain'
import { collectGarbage } from './gc.ts'
import type { Logger } from '../logger.ts'
import type { Helia } from '@helia/interface'

/**
 * Runs `repo gc` every `intervalMs` (Kubo's `--enable-gc` with
 * `Datastore.GCPeriod`). A run never overlaps the previous one, and the
 * schedule ends with `signal`. Pins and uploads in flight are safe: gc waits
 * for them (see src/pins/lock.ts).
 */
export function scheduleGc (helia: Pick<Helia, 'gc' | 'pins'>, options: { intervalMs: number, log: Logger, signal: AbortSignal }): void {
  let running = false
  const timer = setInterval(() => {
    if (running || options.signal.aborted) {
      return
    }
    running = true
    const started = performance.now()
    let removed = 0
    drain((async function * () {
      for await (const result of collectGarbage(helia)) {
        if ('removed' in result) {
          removed++
        }
        yield result
      }
    })()).then(
      () => { options.log.info({ removed, ms: Math.round(performance.now() - started) }, 'scheduled gc done') },
      (err: Error) => { options.log.warn({ err: err.message }, 'scheduled gc failed') }
    ).finally(() => { running = false })
  }, options.intervalMs)
  timer.unref()
  options.signal.addEventListener('abort', () => { clearInterval(timer) }, { once: true })
}
