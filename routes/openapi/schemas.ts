import { z } from '@hono/zod-openapi'

/** Cairn's error body, on every native route but the Pinning Service API's. */
export const ErrorBody = z.object({
  error: z.object({ name: z.string(), message: z.string() })
}).openapi('Error')

/** A JSON answer with its description, for `responses`. */
export function json<T extends z.ZodType> (schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description }
}

/** The errors a token-protected route may answer besides its own. */
export const AUTH_ERRORS = {
  400: json(ErrorBody, 'A field is missing or malformed'),
  401: json(ErrorBody, 'No token, or an unknown, revoked or expired one'),
  403: json(ErrorBody, 'The token lacks the scope or path this route needs, or the browser origin is not allowed')
} as const

export const bearer = [{ bearer: [] }]
