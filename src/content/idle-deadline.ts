import { ContentNotFoundError } from '../errors.ts'

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
   * Turns an abort caused by this deadline into ContentNotFoundError; any
   * other error, a caller's abort included, is returned as it was.
   */
  explain (err: unknown, what: string): unknown {
    if (this.expired) {
      return new ContentNotFoundError(`${what} was not found locally or on the network within ${this.idleMs} ms`)
    }
    return err
  }
}
