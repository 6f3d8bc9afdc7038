import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env.ts'

/**
 * An answer sent before its request body was read (a 413, a 401 on an
 * upload) ends the connection, and says so with `Connection: close`: the
 * rest of the body is dropped with the socket, and a client that kept the
 * connection for its next request would have it cut under that request.
 */
export function closeUnreadBody () {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next()
    const incoming = c.env?.incoming
    if (incoming != null && !incoming.complete && !c.res.headers.has('connection')) {
      c.res.headers.set('Connection', 'close')
    }
  })
}
