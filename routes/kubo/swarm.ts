import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/swarm/*` */
export function swarmRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
