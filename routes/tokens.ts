import { Hono } from 'hono'
import { z } from 'zod'
import { SCOPES } from '../src/auth/scopes.ts'
import { validated } from './validated.ts'
import type { AppEnv } from './env.ts'
import type { Tokens } from '../src/auth/tokens.ts'

const createBody = z.strictObject({
  name: z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only'),
  scopes: z.array(z.enum(SCOPES)).min(1),
  /** Path prefixes, as Kubo's `AllowedPaths`: `/api/v0/cat`, `/pins`. */
  paths: z.array(z.string().regex(/^\/\S*$/, 'a path starting with "/"')).min(1).optional(),
  /** When the token stops working: an ISO time, or milliseconds from now. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  expiresInMs: z.number().int().positive().optional()
}).refine(body => body.expiresAt == null || body.expiresInMs == null, 'give expiresAt or expiresInMs, not both')

/**
 * `/api/v1/tokens` (admin scope): create a named token with scopes, path
 * prefixes and an expiry (its secret is in the 201 and never shown again),
 * list tokens without secrets, revoke one by id (at once).
 */
export function tokensRoutes ({ tokens }: { tokens: Tokens }) {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ tokens: tokens.list() }))
    .post('/', validated('json', createBody), async (c) => {
      const body = c.req.valid('json')
      const expiresAt = body.expiresAt != null ? new Date(body.expiresAt) : body.expiresInMs != null ? new Date(Date.now() + body.expiresInMs) : undefined
      const { token, secret } = await tokens.create({ name: body.name, scopes: body.scopes, paths: body.paths, expiresAt }, { signal: c.req.raw.signal })
      return c.json({ ...token, secret }, 201)
    })
    .delete('/:id', async (c) => {
      await tokens.revoke(c.req.param('id'), { signal: c.req.raw.signal })
      return c.body(null, 204)
    })
}
