import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/pin/*` */
export function pinRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
