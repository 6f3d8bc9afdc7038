import { Hono } from 'hono'
import { MethodNotAllowedError } from '../../src/errors.ts'
import { addRoute } from './add.ts'
import { blockRoutes } from './block.ts'
import { catRoute } from './cat.ts'
import { dagRoutes } from './dag.ts'
import { getRoute } from './get.ts'
import { idRoute } from './id.ts'
import { keyRoutes } from './key.ts'
import { lsRoute } from './ls.ts'
import { nameRoutes } from './name.ts'
import { pinRoutes } from './pin.ts'
import { refsRoutes } from './refs.ts'
import { repoRoutes, repoStatRoute } from './repo.ts'
import { resolveRoute } from './resolve.ts'
import { routingRoutes } from './routing.ts'
import { statsRoutes } from './stats.ts'
import { shutdownRoute } from './shutdown.ts'
import { swarmRoutes } from './swarm.ts'
import { kuboTimeout } from './timeout.ts'
import { versionRoute } from './version.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

/** The Kubo RPC subset under `/api/v0`. Kubo's RPC is POST-only; every command takes Kubo's global `timeout`. */
export function kuboRoutes (deps: RouteDeps) {
  return new Hono<AppEnv>()
    .on(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH'], '*', (c) => {
      throw new MethodNotAllowedError(`${c.req.method} is not allowed: the RPC API takes POST only`)
    })
    .use('*', kuboTimeout())
    .route('/add', addRoute(deps))
    .route('/cat', catRoute(deps))
    .route('/get', getRoute(deps))
    .route('/ls', lsRoute(deps))
    .route('/id', idRoute(deps))
    .route('/version', versionRoute())
    .route('/block', blockRoutes(deps))
    .route('/dag', dagRoutes(deps))
    .route('/key', keyRoutes(deps))
    .route('/name', nameRoutes(deps))
    .route('/pin', pinRoutes(deps))
    .route('/refs', refsRoutes(deps))
    .route('/repo', repoRoutes(deps))
    .route('/resolve', resolveRoute(deps))
    .route('/routing', routingRoutes(deps))
    .route('/shutdown', shutdownRoute(deps))
    .route('/stats/repo', repoStatRoute(deps))
    .route('/stats', statsRoutes(deps))
    .route('/swarm', swarmRoutes(deps))
}
