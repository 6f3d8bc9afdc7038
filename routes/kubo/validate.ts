import { z } from 'zod'
import { validated } from '../validated.ts'
import type { ZodType } from 'zod'

/**
 * Validates Kubo-style query parameters; a failure is Kubo's 400 with the
 * offending parameter named. Unknown parameters are ignored, as Kubo does.
 */
export function kuboQuery<T extends ZodType> (schema: T) {
  return validated('query', schema, 'argument')
}

/** Kubo's boolean flags: `?pin=false`, `?pin=true`, or a bare `?pin` meaning true. */
export const kuboBool = z.enum(['true', 'false', '1', '0', '']).transform(v => v !== 'false' && v !== '0')

/** Kubo's `chunker` values that map to a fixed size: `size-<bytes>`. */
export const kuboChunker = z.string().regex(/^size-\d+$/, 'expected size-<bytes>').transform(v => Number(v.slice(5)))
  .refine(n => n > 0 && n <= 1_048_576, 'chunk size must be between 1 byte and 1 MiB')
