import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/name/*` */
export function nameRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
