import { createMiddleware } from 'hono/factory'
import { GATEWAY_BUSY_RETRY_AFTER_SECONDS } from '../../src/constants.ts'
import { TooManyRequestsError } from '../../src/errors.ts'
import { whenResponseDone } from './response-done.ts'
import type { AppEnv } from '../env.ts'

/**
 * At most `max` requests in flight, streamed bodies included; one more is
 * refused at once with 429 and `Retry-After` (Kubo's
 * `Gateway.MaxConcurrentRequests`), so anonymous clients cannot queue
 * unbounded work on the node.
 */
export function concurrencyLimit (max: number) {
  let inFlight = 0
  return createMiddleware<AppEnv>(async (c, next) => {
    if (inFlight >= max) {
      c.header('Retry-After', String(GATEWAY_BUSY_RETRY_AFTER_SECONDS))
      throw new TooManyRequestsError(`the gateway is serving ${max} requests, its limit (CAIRN_GATEWAY_MAX_CONCURRENT); retry in ${GATEWAY_BUSY_RETRY_AFTER_SECONDS} s`)
    }
    inFlight++
    let released = false
    const release = (): void => {
      if (!released) {
        released = true
        inFlight--
      }
    }
    try {
      await next()
    } finally {
      whenResponseDone(c, release)
    }
  })
}
