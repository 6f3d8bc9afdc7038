import { Hono } from 'hono'
import { parseGatewayPath } from './request.ts'
import { serveGateway } from './serve.ts'
import type { AppEnv } from '../env.ts'
import type { GatewayDeps } from './context.ts'
import type { Context } from 'hono'

export { serveGateway } from './serve.ts'
export { parseGatewayPath } from './request.ts'
export type { GatewayOrigin, GatewayRequest } from './request.ts'
export type { GatewayDeps } from './context.ts'
export { gatewayErrorResponse, isGatewayRequest } from './errors.ts'

/**
 * The path gateway: `GET`/`HEAD` `/ipfs/<cid>[/path]` and `/ipns/<name>[/path]`,
 * read-only and public. Other hosts (the subdomain gateway) reach the same
 * code through `serveGateway` with an isolated origin.
 */
export function gatewayRoutes (deps: GatewayDeps) {
  const serve = async (c: Context<AppEnv>): Promise<Response> =>
    serveGateway(c, deps, parseGatewayPath(new URL(c.req.url).pathname))
  return new Hono<AppEnv>()
    .get('/ipfs/*', serve)
    .get('/ipns/*', serve)
}
