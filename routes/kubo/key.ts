import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/key/*` */
export function keyRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
