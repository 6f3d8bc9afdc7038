import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/routing/*` */
export function routingRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
