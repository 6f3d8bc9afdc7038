import { zValidator } from '@hono/zod-validator'
import { InvalidArgumentError } from '../src/errors.ts'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'

/**
 * The one request validator: `schema` checks the request's `target`; a
 * failure is an InvalidArgumentError (400) naming the first offending field,
 * so every surface words it the same way. `what` names the field's kind in
 * the message (Kubo says "argument").
 */
export function validated<T extends ZodType, Target extends keyof ValidationTargets> (target: Target, schema: T, what: string = target) {
  return zValidator(target, schema, (result) => { refuseInvalid(result, what) })
}

/** The same check as a hook, for routes declared with @hono/zod-openapi (routes/openapi/app.ts). */
export function refuseInvalid (result: { success: true } | { success: false, error: { issues: ReadonlyArray<{ path: PropertyKey[], message: string }> }, target?: string }, what?: string): void {
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new InvalidArgumentError(`invalid ${what ?? result.target ?? 'request'} "${issue?.path.map(String).join('.') ?? ''}": ${issue?.message ?? 'bad value'}`)
  }
}
