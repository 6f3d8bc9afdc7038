import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/block/*` */
export function blockRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
