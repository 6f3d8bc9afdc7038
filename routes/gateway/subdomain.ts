import { createMiddleware } from 'hono/factory'
import { MethodNotAllowedError } from '../../src/errors.ts'
import { isGatewayHost, parseSubdomainHost, subdomainAction, subdomainRedirect } from '../../src/gateway/subdomain/host.ts'
import { LOCALHOST_GATEWAY_DOMAIN } from '../../src/constants.ts'
import { requestOrigin } from '../request-origin.ts'
import { markGatewayRequest } from './errors.ts'
import { parseGatewayPath } from './request.ts'
import { serveGateway } from './serve.ts'
import type { AppEnv } from '../env.ts'
import type { GatewayDeps } from './context.ts'
import type { GatewayOrigin } from './request.ts'

/**
 * Subdomain gateway: `<cid>.ipfs.<domain>` and `<name>.ipns.<domain>` for
 * `localhost` (always, as Kubo does, so a browser on this machine gets one
 * origin per site) and the domains in CAIRN_GATEWAY_DOMAINS. Passes every
 * other request through: `127.0.0.1` stays a path gateway.
 *
 * On a content origin every path is a path inside that content root (so
 * `/ipfs/…` and `/api/…` there are files, not routes), served by the path
 * gateway's code as an isolated origin; a CID or key not written in its
 * canonical DNS label is redirected to it. On a gateway domain itself,
 * `/ipfs/<cid>/…` and `/ipns/<key>/…` move (301) to their own origin, for
 * origin isolation between sites. Any other host is left alone.
 */
export function subdomainGateway (deps: GatewayDeps) {
  const { gatewayDomains, trustProxy } = deps.node.config
  const domains = [...new Set([LOCALHOST_GATEWAY_DOMAIN, ...gatewayDomains])]
  return createMiddleware<AppEnv>(async (c, next) => {
    const { host, scheme } = requestOrigin(c, trustProxy)
    const url = new URL(c.req.url)
    const content = parseSubdomainHost(host, domains)
    if (content != null) {
      markGatewayRequest(c)
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        throw new MethodNotAllowedError(`${c.req.method} is not allowed: the gateway is read-only`)
      }
      const action = subdomainAction(content)
      if (action.kind === 'redirect') {
        return c.redirect(`${scheme}://${action.label}.${content.namespace}.${content.gatewayHost}${url.pathname}${url.search}`, 301)
      }
      const origin: GatewayOrigin = { isolated: true, prefix: '', pathGateway: `//${content.gatewayHost}` }
      return serveGateway(c, deps, parseGatewayPath(`${action.contentRoot}${url.pathname}`, origin))
    }
    if (isGatewayHost(host, domains) && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const moved = subdomainRedirect(url.pathname)
      if (moved != null) {
        return c.redirect(`${scheme}://${moved.label}.${moved.namespace}.${host}${moved.rest}${url.search}`, 301)
      }
    }
    await next()
  })
}
