import { Hono } from 'hono'
import { MethodNotAllowedError } from '../../src/errors.ts'
import { addRoute } from './add.ts'
import { catRoute } from './cat.ts'
import { idRoute } from './id.ts'
import { versionRoute } from './version.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

/** The Kubo RPC subset under `/api/v0`. Kubo's RPC is POST-only. */
export function kuboRoutes (deps: RouteDeps) {
  return new Hono<AppEnv>()
    .on(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH'], '*', (c) => {
      throw new MethodNotAllowedError(`${c.req.method} is not allowed: the RPC API takes POST only`)
    })
    .route('/add', addRoute(deps))
    .route('/cat', catRoute(deps))
    .route('/id', idRoute(deps))
    .route('/version', versionRoute())
}
