import { createHash, timingSafeEqual } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { UnauthorizedError } from '../../src/errors.ts'

/**
 * Requires `Authorization: Bearer <token>`. Failures are thrown as
 * UnauthorizedError so they reach `onError` and get the surface's error body
 * (Kubo's shape under /api/v0), like every other error.
 */
export function requireToken (token: string) {
  const expected = digest(token)
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization')
    if (header == null) {
      throw new UnauthorizedError('missing API token: send "Authorization: Bearer <token>"')
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    // comparing fixed-length digests keeps the check constant-time whatever the input length
    if (match?.[1] == null || !timingSafeEqual(digest(match[1]), expected)) {
      throw new UnauthorizedError('invalid API token')
    }
    await next()
  })
}

function digest (value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
