import { deadlineSignal, explainDeadline } from '../../src/deadline.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { parseGoDuration } from '../../src/names/duration.ts'
import { kuboErrorBody, toHttpError } from '../errors.ts'
import type { AppEnv } from '../env.ts'
import type { Context, MiddlewareHandler } from 'hono'

/**
 * Kubo's global `timeout` argument (`?timeout=10s`, a Go duration), for any
 * command: the command's signal aborts when it passes, and whatever the
 * command then fails with is answered as Kubo's "context deadline
 * exceeded". Handlers take their signal from `commandSignal(c)`.
 */
export function kuboTimeout (): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.query('timeout')
    if (raw == null || raw === '') {
      await next()
      return
    }
    const ms = parseGoDuration(raw, 'timeout')
    if (ms < 0) {
      throw new InvalidArgumentError(`invalid timeout "${raw}": must not be negative`)
    }
    const signal = deadlineSignal(ms, c.req.raw.signal)
    c.set('signal', signal)
    await next()
    const err = explainDeadline(c.error, signal)
    if (c.error != null && err !== c.error) {
      const error = toHttpError(err)
      c.res = c.json(kuboErrorBody(error), error.status)
    }
  }
}

/** The signal a command passes on: the request's, bounded by `timeout` when one was given. */
export function commandSignal (c: Context<AppEnv>): AbortSignal {
  return c.get('signal') ?? c.req.raw.signal
}
