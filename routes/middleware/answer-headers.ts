import { createMiddleware } from 'hono/factory'
import { setResponseHeaders } from './response-headers.ts'
import type { AppEnv } from '../env.ts'
import type { Context } from 'hono'

/**
 * Headers that every answer of an app carries (CORS, the request id), added
 * by middleware before the handler runs. A handler on a hot path takes them
 * into its own header record (`takeAnswerHeaders`), so its answer leaves as
 * it was built; for every other answer this middleware, outermost, sets them
 * on the Response afterwards (which costs a Headers object, ~15 µs).
 */
export function answerHeaders () {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next()
    const pending = c.var.answerHeaders
    if (pending != null) {
      setResponseHeaders(c, pending)
    }
  })
}

export function addAnswerHeaders (c: Context<AppEnv>, headers: Record<string, string>): void {
  c.set('answerHeaders', { ...c.var.answerHeaders, ...headers })
}

/** The headers the answer must carry; the caller puts them in the answer it returns next. */
export function takeAnswerHeaders (c: Context<AppEnv>): Record<string, string> {
  const headers = c.var.answerHeaders ?? {}
  c.set('answerHeaders', undefined)
  return headers
}
