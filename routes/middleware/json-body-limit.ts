import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { MAX_JSON_BODY_BYTES } from '../../src/constants.ts'
import { LimitExceededError } from '../../src/errors.ts'
import type { AppEnv } from '../env.ts'

const limit = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: (c) => {
    // the rest of the body is left in a stream nobody reads: the connection cannot carry another request
    c.header('Connection', 'close')
    throw new LimitExceededError(`JSON bodies are limited to ${MAX_JSON_BODY_BYTES} bytes`)
  }
})

/**
 * JSON bodies are read whole, so they are bounded (413 past 1 MiB, read no
 * further). Uploads are streamed and bounded by their own limits, so any
 * other body passes untouched. Other early answers (a 401 before an upload
 * is read) need nothing here: the server reads and drops what the client
 * still sends, so the client gets to read the answer.
 */
export function jsonBodyLimit () {
  return createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? ''
    if (type === 'application/json' || type.endsWith('+json')) {
      return limit(c, next)
    }
    await next()
  })
}
