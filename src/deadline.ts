/**
 * The one place deadlines become signals: a timeout joined to the caller's
 * signal, an operation's overall deadline, and the idle deadline that bounds
 * the wait for the next block.
 */
import { ContentNotFoundError, DeadlineExceededError } from './errors.ts'

/**
 * The caller's signals (any may be absent) and a timeout of `ms`, as one
 * signal: it aborts with the first of them, a TimeoutError when the time is up.
 */
export function withTimeout (ms: number, ...signals: Array<AbortSignal | undefined>): AbortSignal {
  return AbortSignal.any([AbortSignal.timeout(ms), ...signals.filter(signal => signal != null)])
}

/**
 * A signal that aborts `ms` from now with DeadlineExceededError as its
 * reason, or when `parent` aborts: a deadline for a whole operation, where
 * IdleDeadline bounds the wait for the next block. The timer is dropped when
 * `parent` aborts first, and never keeps the process up.
 */
export function deadlineSignal (ms: number, parent?: AbortSignal): AbortSignal {
  const controller = new AbortController()
  const timer = setTimeout(() => { controller.abort(new DeadlineExceededError()) }, ms)
  timer.unref()
  if (parent == null) {
    return controller.signal
  }
  parent.addEventListener('abort', () => { clearTimeout(timer) }, { once: true })
  return AbortSignal.any([parent, controller.signal])
}

/** The deadline's error when `signal` was aborted by one (see `deadlineSignal`), else `err` as it was. */
export function explainDeadline (err: unknown, signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.aborted === true ? signal.reason : undefined
  return (reason as Error | undefined)?.name === 'DeadlineExceededError' ? reason : err
}

/**
 * An abort signal that fires when no progress is made for `idleMs`: each call
 * to `touch()` restarts the clock. Bounds retrieval of blocks nobody serves
 * (Helia would wait forever) without cutting off a long download that is
 * still moving. Also follows the caller's signal.
 */
export class IdleDeadline {
  readonly signal: AbortSignal
  private readonly controller = new AbortController()
  private readonly idleMs: number
  private timer: NodeJS.Timeout | undefined
  private expired = false

  constructor (idleMs: number, parent?: AbortSignal) {
    this.idleMs = idleMs
    this.signal = parent == null ? this.controller.signal : AbortSignal.any([parent, this.controller.signal])
    this.touch()
  }

  touch (): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.expired = true
      this.controller.abort()
    }, this.idleMs)
    this.timer.unref()
  }

  clear (): void {
    clearTimeout(this.timer)
  }

  /**
   * Turns an abort caused by this deadline into ContentNotFoundError, and
   * one caused by the caller's `deadlineSignal` into its
   * DeadlineExceededError; any other error, a caller's abort included, is
   * returned as it was.
   */
  explain (err: unknown, what: string): unknown {
    if (this.expired) {
      return new ContentNotFoundError(`${what} was not found locally or on the network within ${this.idleMs} ms`)
    }
    return explainDeadline(err, this.signal)
  }
}
