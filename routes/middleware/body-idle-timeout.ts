import { createMiddleware } from 'hono/factory'
import type { Logger } from '../../src/logger.ts'
import type { AppEnv } from '../env.ts'

/**
 * Ends a request whose body stops arriving: once `idleMs` pass without a
 * byte, the connection is closed and the handler's read fails, so whatever
 * it imported is left unpinned. There is no total limit: an upload that keeps
 * sending may take hours. The clock is the socket's, which counts bytes both
 * ways; it is cleared as soon as the whole body has arrived, so a long answer
 * is never cut by it.
 */
export function bodyIdleTimeout (idleMs: number, log: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.env?.incoming
    const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0'
    if (incoming == null || incoming.complete || (!hasBody && c.req.header('transfer-encoding') == null)) {
      await next()
      return
    }
    const socket = incoming.socket
    // a listener on the request keeps Node from its own handling, which would destroy the socket at any idle moment
    incoming.setTimeout(idleMs, () => {
      log.warn({ idleMs, path: c.req.path }, 'request body stalled: closing the connection (CAIRN_API_IDLE_TIMEOUT_MS)')
      socket.destroy()
    })
    incoming.once('end', () => { socket.setTimeout(0) })
    await next()
  })
}
