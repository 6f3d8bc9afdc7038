import { setTimeout as sleep } from 'node:timers/promises'
import { REACHABLE_ATTEMPT_MS } from './constants.ts'
import { NotReachableError } from './errors.ts'
import { withTimeout } from '../deadline.ts'

export interface WaitOptions {
  timeoutMs: number
  signal: AbortSignal
}

/** Polls begin this often and back off to MAX_POLL_MS. */
const FIRST_POLL_MS = 250
const MAX_POLL_MS = 5_000

/**
 * Polls `url` until it answers with a success, or throws NotReachableError
 * once `timeoutMs` have passed, saying what the last attempt got. Returns
 * how long it took.
 */
export async function waitReachable (url: string, options: WaitOptions): Promise<number> {
  const started = Date.now()
  const deadline = started + options.timeoutMs
  let pause = FIRST_POLL_MS
  let last = 'no answer yet'
  while (true) {
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new NotReachableError(`${url} was not served within ${Math.round(options.timeoutMs / 1000)} s (last attempt: ${last})`)
    }
    try {
      const response = await fetch(url, {
        method: 'HEAD',
        signal: withTimeout(Math.min(remaining, REACHABLE_ATTEMPT_MS), options.signal)
      })
      if (response.ok) {
        return Date.now() - started
      }
      last = `HTTP ${response.status} ${response.statusText}`
    } catch (err) {
      options.signal.throwIfAborted()
      const cause = (err as { cause?: NodeJS.ErrnoException }).cause
      last = cause?.code ?? cause?.message ?? (err as Error).message
    }
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), undefined, { signal: options.signal })
    pause = Math.min(pause * 2, MAX_POLL_MS)
  }
}
