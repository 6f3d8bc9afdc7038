import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/**
 * `POST /api/v0/shutdown`: stops the service cleanly, as SIGTERM does (stop
 * accepting, drain requests, stop the node, close the stores). The empty
 * answer goes out first, as Kubo's does.
 */
export function shutdownRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', (c) => {
    const outgoing = c.env?.outgoing
    if (outgoing == null) {
      node.requestStop()
    } else {
      outgoing.once('finish', () => { node.requestStop() })
    }
    return c.body(null, 200)
  })
}
