import type { Context } from 'hono'

/** What a client asked for: the host as sent, and the scheme it used. */
export interface RequestOrigin {
  /** `Host` as sent (a URL would lower-case it, and base58 names are case-sensitive), port included. */
  host: string
  scheme: 'http' | 'https'
}

/**
 * The host and scheme of a request. `X-Forwarded-Host`/`-Proto` are believed
 * only when `trustProxy` is set (CAIRN_TRUST_PROXY): any client can send
 * them, and a gateway that believed them would write redirects, and an API
 * that believed them would check origins, against a host the client chose.
 */
export function requestOrigin (c: Context, trustProxy: boolean): RequestOrigin {
  const url = new URL(c.req.url)
  const own = url.protocol === 'https:' ? 'https' : 'http'
  const host = c.req.header('host') ?? url.host
  if (!trustProxy) {
    return { host, scheme: own }
  }
  const forwardedHost = firstValue(c.req.header('x-forwarded-host'))
  const forwardedProto = firstValue(c.req.header('x-forwarded-proto'))?.toLowerCase()
  return {
    host: forwardedHost ?? host,
    scheme: forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : own
  }
}

function firstValue (header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim()
  return value === '' ? undefined : value
}
