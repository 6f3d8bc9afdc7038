import type { FetchProgress } from './fetch.ts'

/** How often a long pin reports its progress, as Kubo's `pin add --progress`. @default 500 */
export const PIN_PROGRESS_INTERVAL_MS = 500

export type ProgressEvent<T> =
  | { type: 'progress', progress: FetchProgress }
  | { type: 'done', result: T }

/**
 * Runs `work` and reports how far it got every `intervalMs` while it runs,
 * then once more at the end (when anything was walked), then its result.
 * Ticks with nothing walked yet are skipped, so work that fails at once
 * fails before any progress is sent.
 */
export async function * withProgressTicks<T> (
  work: (onProgress: (progress: FetchProgress) => void) => Promise<T>,
  intervalMs: number = PIN_PROGRESS_INTERVAL_MS
): AsyncGenerator<ProgressEvent<T>> {
  let latest: FetchProgress = { blocks: 0, bytes: 0 }
  const running = work(progress => { latest = progress })
  running.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  try {
    while (true) {
      const tick = new Promise<'tick'>(resolve => { timer = setTimeout(resolve, intervalMs, 'tick') })
      const outcome = await Promise.race([running.then(result => ({ result })), tick])
      clearTimeout(timer)
      if (outcome !== 'tick') {
        if (latest.blocks > 0) {
          yield { type: 'progress', progress: latest }
        }
        yield { type: 'done', result: outcome.result }
        return
      }
      if (latest.blocks > 0) {
        yield { type: 'progress', progress: latest }
      }
    }
  } finally {
    clearTimeout(timer)
  }
}
