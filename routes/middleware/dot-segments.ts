import { createMiddleware } from 'hono/factory'
import { InvalidArgumentError } from '../../src/errors.ts'
import type { AppEnv } from '../env.ts'

/**
 * Refuses a path with `.` or `..` segments (`%2e` spellings included) with
 * 400 before anything is resolved. URL parsing would quietly fold them away
 * (`/ipfs/<cid>/a/%2e/b` becoming `/ipfs/<cid>/a/b`), and the gateway would
 * then wait on the network for a path the client never named. Browsers fold
 * them before sending, so only hand-made requests meet this.
 */
export function refuseDotSegments () {
  return createMiddleware<AppEnv>(async (c, next) => {
    const sent = c.env?.incoming?.url ?? new URL(c.req.url).pathname
    const path = sent.split(/[?#]/, 1)[0] ?? ''
    if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path)) {
      throw new InvalidArgumentError(`invalid path "${path}": "." and ".." segments are not allowed`)
    }
    await next()
  })
}
