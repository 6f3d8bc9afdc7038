import type { AppEnv } from '../env.ts'
import type { Context } from 'hono'

/**
 * Calls `done` once the response has left: after its last byte, or when the
 * connection closed. Hono's middleware chain returns as soon as the handler
 * built a `Response`, long before a streamed body is sent, so anything that
 * must last as long as the answer (a concurrency slot, a deadline) ends here.
 * Without Node's bindings (`app.request()` in tests) the answer is complete
 * when the chain returns.
 */
export function whenResponseDone (c: Context<AppEnv>, done: () => void): void {
  const outgoing = c.env?.outgoing
  if (outgoing == null || outgoing.destroyed || outgoing.writableFinished) {
    done()
    return
  }
  outgoing.once('close', done)
}
