import { createMiddleware } from 'hono/factory'
import { MethodNotAllowedError } from '../../src/errors.ts'
import { isGatewayHost, parseSubdomainHost, subdomainAction, subdomainRedirect } from '../../src/gateway/subdomain/host.ts'
import { markGatewayRequest } from './errors.ts'
import { parseGatewayPath } from './request.ts'
import { serveGateway } from './serve.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayOrigin } from './request.ts'
import type { Context } from 'hono'

/**
 * Subdomain gateway: `<cid>.ipfs.<domain>` and `<name>.ipns.<domain>` for the
 * domains in CAIRN_GATEWAY_DOMAINS. Passes every other request through.
 *
 * On a content origin every path is a path inside that content root (so
 * `/ipfs/…` and `/api/…` there are files, not routes), served by the path
 * gateway's code as an isolated origin; a CID or key not written in its
 * canonical DNS label is redirected to it. On a gateway domain itself,
 * `/ipfs/<cid>/…` and `/ipns/<key>/…` move (301) to their own origin, for
 * origin isolation between sites. Any other host is left alone.
 */
export function subdomainGateway (deps: RouteDeps) {
  const domains = deps.node.config.gatewayDomains
  return createMiddleware<AppEnv>(async (c, next) => {
    if (domains.length === 0) {
      await next()
      return
    }
    const host = requestHost(c)
    const url = new URL(c.req.url)
    const content = parseSubdomainHost(host, domains)
    if (content != null) {
      markGatewayRequest(c)
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        throw new MethodNotAllowedError(`${c.req.method} is not allowed: the gateway is read-only`)
      }
      const action = subdomainAction(content)
      if (action.kind === 'redirect') {
        return c.redirect(`${scheme(c, url)}://${action.label}.${content.namespace}.${content.gatewayHost}${url.pathname}${url.search}`, 301)
      }
      const origin: GatewayOrigin = { isolated: true, prefix: '', pathGateway: `//${content.gatewayHost}` }
      return serveGateway(c, deps, parseGatewayPath(`${action.contentRoot}${url.pathname}`, origin))
    }
    if (isGatewayHost(host, domains) && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const moved = subdomainRedirect(url.pathname)
      if (moved != null) {
        return c.redirect(`${scheme(c, url)}://${moved.label}.${moved.namespace}.${host}${moved.rest}${url.search}`, 301)
      }
    }
    await next()
  })
}

/**
 * The host the client asked for: `X-Forwarded-Host` behind a proxy, else
 * `Host` as sent (a URL would lower-case it, and base58 names are
 * case-sensitive), else the request line's.
 */
function requestHost (c: Context<AppEnv>): string {
  const forwarded = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
  return forwarded != null && forwarded !== '' ? forwarded : c.req.header('host') ?? new URL(c.req.url).host
}

/** The scheme the client used: `X-Forwarded-Proto` behind a TLS-terminating proxy, else the request's. */
function scheme (c: Context<AppEnv>, url: URL): string {
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return forwarded === 'https' || forwarded === 'http' ? forwarded : url.protocol.slice(0, -1)
}
