import { InvalidArgumentError } from '../../src/errors.ts'
import type { Context } from 'hono'

/** Kubo passes positional arguments as repeated `?arg=`; returns them in order. */
export function args (c: Context): string[] {
  return c.req.queries('arg') ?? []
}

/** The one required positional argument, named as Kubo names it in its error. */
export function requiredArg (c: Context, name: string): string {
  const value = args(c)[0]
  if (value == null || value === '') {
    throw new InvalidArgumentError(`argument "${name}" is required`)
  }
  return value
}
