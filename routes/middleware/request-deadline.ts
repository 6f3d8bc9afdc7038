import { createMiddleware } from 'hono/factory'
import { whenResponseDone } from './response-done.ts'
import type { AppEnv } from '../env.ts'

/**
 * An absolute bound on one request, streaming included (Kubo's
 * `Gateway.MaxRequestDuration`). The deadline is offered to handlers as
 * `c.var.deadline`: work still under way stops with it (a 504 before the
 * headers are sent), and an answer still streaming when it passes is cut.
 */
export function requestDeadline (maxMs: number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const deadline = new AbortController()
    const timer = setTimeout(() => {
      deadline.abort(new DOMException(`the request took longer than ${maxMs} ms`, 'TimeoutError'))
      const outgoing = c.env?.outgoing
      if (outgoing?.headersSent === true && !outgoing.writableFinished) {
        outgoing.destroy()
      }
    }, maxMs)
    c.set('deadline', deadline.signal)
    try {
      await next()
    } finally {
      whenResponseDone(c, () => { clearTimeout(timer) })
    }
  })
}

/** The request's signal, ended also by its deadline when one is set. */
export function requestSignal (c: { req: { raw: Request }, var: { deadline?: AbortSignal } }): AbortSignal {
  const deadline = c.var.deadline
  return deadline == null ? c.req.raw.signal : AbortSignal.any([c.req.raw.signal, deadline])
}
