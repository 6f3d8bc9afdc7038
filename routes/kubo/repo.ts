import { Hono } from 'hono'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/repo/*` */
export function repoRoutes (_deps: RouteDeps) {
  return new Hono<AppEnv>()
}
