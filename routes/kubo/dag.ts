import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/dag/*` */
export function dagRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
