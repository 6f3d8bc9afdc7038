import { createRoute, z } from '@hono/zod-openapi'
import { SCOPES } from '../src/auth/scopes.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, ErrorBody, bearer, json } from './openapi/schemas.ts'
import type { Tokens } from '../src/auth/tokens.ts'

const createBody = z.strictObject({
  name: z.string().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only'),
  scopes: z.array(z.enum(SCOPES)).min(1),
  paths: z.array(z.string().regex(/^\/\S*$/, 'a path starting with "/"')).min(1).optional()
    .openapi({ description: 'Path prefixes the token may call, as Kubo\'s `AllowedPaths`: `/api/v0/cat`, `/pins`' }),
  expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the token stops working' }),
  expiresInMs: z.number().int().positive().optional().openapi({ description: 'The same, in milliseconds from now' })
}).refine(body => body.expiresAt == null || body.expiresInMs == null, 'give expiresAt or expiresInMs, not both')

const TokenBody = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  paths: z.array(z.string()).optional(),
  createdAt: z.string().openapi({ format: 'date-time' }),
  expiresAt: z.string().openapi({ format: 'date-time' }).optional(),
  builtin: z.boolean().optional().openapi({ description: 'The configured token: admin, not revocable here' })
}).openapi('Token')

const tags = ['tokens']
const routes = {
  list: createRoute({ method: 'get', path: '/', tags, security: bearer, summary: 'Every token, without secrets', responses: { 200: json(z.object({ tokens: z.array(TokenBody) }), 'Tokens'), ...AUTH_ERRORS } }),
  create: createRoute({
    method: 'post',
    path: '/',
    tags,
    security: bearer,
    summary: 'Create a token',
    request: { body: { content: { 'application/json': { schema: createBody } }, required: true } },
    responses: { 201: json(TokenBody.extend({ secret: z.string().openapi({ description: 'Shown once; only its hash is kept' }) }), 'Created'), ...AUTH_ERRORS, 409: json(ErrorBody, 'A token with that name exists') }
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    security: bearer,
    summary: 'Revoke a token, at once',
    request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 204: { description: 'Revoked' }, ...AUTH_ERRORS, 404: json(ErrorBody, 'No such token') }
  })
}

/**
 * `/api/v1/tokens` (admin scope): create a named token with scopes, path
 * prefixes and an expiry (its secret is in the 201 and never shown again),
 * list tokens without secrets, revoke one by id (at once).
 */
export function tokensRoutes ({ tokens }: { tokens: Tokens }) {
  return openApiRoutes()
    .openapi(routes.list, (c) => c.json({ tokens: tokens.list() }, 200))
    .openapi(routes.create, async (c) => {
      const body = c.req.valid('json')
      const expiresAt = body.expiresAt != null ? new Date(body.expiresAt) : body.expiresInMs != null ? new Date(Date.now() + body.expiresInMs) : undefined
      const { token, secret } = await tokens.create({ name: body.name, scopes: body.scopes, paths: body.paths, expiresAt }, { signal: c.req.raw.signal })
      return c.json({ ...token, secret }, 201)
    })
    .openapi(routes.revoke, async (c) => {
      await tokens.revoke(c.req.valid('param').id, { signal: c.req.raw.signal })
      return c.body(null, 204)
    })
}
