import { createMiddleware } from 'hono/factory'
import { ForbiddenError, UnauthorizedError } from '../../src/errors.ts'
import { grants } from '../../src/auth/scopes.ts'
import { requiredScope } from '../auth/required-scope.ts'
import type { Tokens } from '../../src/auth/tokens.ts'
import type { AppEnv } from '../env.ts'

/**
 * Requires `Authorization: Bearer <token>` with the scope the path needs
 * (routes/auth/required-scope.ts) and, when the token names path prefixes,
 * a path under one of them. An unknown, revoked or expired token is a 401, a
 * token short of a scope a 403 naming it. The token's name (never its
 * secret) is kept on the context for the access log. Failures are thrown, so
 * each surface gives them its own error body.
 */
export function authorize (tokens: Tokens) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    if (header == null) {
      throw new UnauthorizedError('missing API token: send "Authorization: Bearer <token>"')
    }
    const secret = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1]
    const verdict = secret == null ? { ok: false as const, reason: 'unknown' as const } : tokens.verify(secret)
    if (!verdict.ok) {
      throw new UnauthorizedError(verdict.reason === 'expired' ? `API token "${verdict.token?.name}" expired at ${verdict.token?.expiresAt}` : 'invalid API token')
    }
    const { token } = verdict
    const needed = requiredScope(c.req.path)
    if (!grants(token.scopes, needed)) {
      throw new ForbiddenError(`token "${token.name}" lacks the "${needed}" scope that ${c.req.path} needs`)
    }
    if (token.paths != null && !token.scopes.includes('admin') && !token.paths.some(prefix => c.req.path.startsWith(prefix))) {
      throw new ForbiddenError(`token "${token.name}" may call only ${token.paths.join(', ')}`)
    }
    c.set('token', { id: token.id, name: token.name })
    await next()
  })
}
