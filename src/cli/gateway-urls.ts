import { isIP } from 'node:net'
import { CID } from 'multiformats/cid'
import { ipfsLabel, ipnsKeyLabel, parseIpnsKey } from '../gateway/subdomain/labels.ts'

export interface GatewayUrls {
  /** `<gateway>/ipfs/<cid>/`: works on any gateway. */
  path: string
  /** `<cidv1>.ipfs.<host>`: its own origin, where `_redirects` and absolute links work. */
  subdomain: string
}

/** Where a published folder can be opened on a gateway, by CID. */
export function ipfsUrls (gateway: URL, cid: string): GatewayUrls {
  return {
    path: `${base(gateway)}/ipfs/${cid}/`,
    subdomain: subdomainUrl(gateway, ipfsLabel(CID.parse(cid)), 'ipfs')
  }
}

/** Where it can be opened by its IPNS name. */
export function ipnsUrls (gateway: URL, name: string): GatewayUrls {
  const key = parseIpnsKey(name)
  return {
    path: `${base(gateway)}/ipns/${name}/`,
    subdomain: subdomainUrl(gateway, key == null ? name : ipnsKeyLabel(key), 'ipns')
  }
}

function base (gateway: URL): string {
  return `${gateway.origin}${gateway.pathname.replace(/\/+$/, '')}`
}

/**
 * A subdomain gateway needs a host name: an IP address (127.0.0.1, the
 * default gateway) becomes `localhost`, whose subdomains browsers resolve to
 * loopback. The gateway must list the domain in CAIRN_GATEWAY_DOMAINS.
 */
function subdomainUrl (gateway: URL, label: string, namespace: 'ipfs' | 'ipns'): string {
  const host = isIP(gateway.hostname.replace(/^\[|\]$/g, '')) === 0 ? gateway.hostname : 'localhost'
  const port = gateway.port === '' ? '' : `:${gateway.port}`
  return `${gateway.protocol}//${label}.${namespace}.${host}${port}/`
}
