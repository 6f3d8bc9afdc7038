import { createMiddleware } from 'hono/factory'
import { addAnswerHeaders } from './answer-headers.ts'
import type { AppEnv } from '../env.ts'

const HEADER = 'X-Request-Id'
const MAX_LENGTH = 255

/**
 * hono/request-id's behaviour (a client's own `X-Request-Id` is kept when it
 * is short and plain, else a UUID; `c.var.requestId`; the header on the
 * answer), with the header put on the answer the way answerHeaders does,
 * so that answer is not rebuilt.
 */
export function requestId () {
  return createMiddleware<AppEnv>(async (c, next) => {
    const sent = c.req.header(HEADER)
    const id = sent == null || sent === '' || sent.length > MAX_LENGTH || /[^\w\-=]/.test(sent) ? crypto.randomUUID() : sent
    c.set('requestId', id)
    addAnswerHeaders(c, { [HEADER]: id })
    await next()
  })
}
