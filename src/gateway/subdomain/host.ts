import { inlineDnsLink, ipfsLabel, ipnsKeyLabel, parseCid, parseIpnsKey, unInlineDnsLink } from './labels.ts'

export type Namespace = 'ipfs' | 'ipns'

/** A request's `Host` on a subdomain gateway: `<id>.<namespace>.<gateway host>`. */
export interface SubdomainHost {
  namespace: Namespace
  /** The content root's label as sent (a CID, a key, or an inlined DNSLink name). */
  id: string
  /** The gateway's own host, port included: the parent of the content origins. */
  gatewayHost: string
}

/**
 * What to do with a request on a content origin: serve `contentRoot`
 * (`/ipfs/<cid>`, `/ipns/<name>`) with the request's path below it, or send
 * the client to the canonical label of the same content.
 */
export type SubdomainAction =
  | { kind: 'serve', contentRoot: string }
  | { kind: 'redirect', label: string }

/**
 * Reads `host` (as in the `Host` header, port included) against the
 * configured gateway domains. Undefined when it is not a content origin of
 * any of them. Host names are compared without case, as DNS does.
 */
export function parseSubdomainHost (host: string, domains: readonly string[]): SubdomainHost | undefined {
  const hostname = hostnameOf(host)
  for (const domain of domains) {
    for (const namespace of ['ipfs', 'ipns'] as const) {
      const suffix = `.${namespace}.${domain}`
      if (hostname.endsWith(suffix) && hostname.length > suffix.length) {
        const id = host.slice(0, hostname.length - suffix.length)
        return { namespace, id, gatewayHost: host.slice(id.length + namespace.length + 2) }
      }
    }
  }
  return undefined
}

/** True when `host` is one of the configured gateway domains itself (the path gateway's origin). */
export function isGatewayHost (host: string, domains: readonly string[]): boolean {
  return domains.includes(hostnameOf(host))
}

/**
 * The content a subdomain serves. A CID or key not in its canonical label
 * (CIDv1 base32 for /ipfs/, libp2p-key base36 for /ipns/) is redirected
 * there, so one piece of content has one origin. A label that is neither a
 * CID nor a key is, under /ipns/, an inlined DNSLink name.
 */
export function subdomainAction ({ namespace, id }: SubdomainHost): SubdomainAction {
  if (namespace === 'ipfs') {
    const cid = parseCid(id)
    if (cid == null) {
      // not a CID: the path gateway reports it as it reports any bad CID
      return { kind: 'serve', contentRoot: `/ipfs/${id}` }
    }
    const label = ipfsLabel(cid)
    return label === id ? { kind: 'serve', contentRoot: `/ipfs/${id}` } : { kind: 'redirect', label }
  }
  const key = parseIpnsKey(id)
  if (key == null) {
    return { kind: 'serve', contentRoot: `/ipns/${id.includes('.') ? id : unInlineDnsLink(id)}` }
  }
  const label = ipnsKeyLabel(key)
  return label === id ? { kind: 'serve', contentRoot: `/ipns/${id}` } : { kind: 'redirect', label }
}

/**
 * Where a path-gateway request on a gateway domain belongs:
 * `/ipfs/<cid>/<rest>` → `<label>.ipfs.<host>/<rest>`, and the same for
 * IPNS keys. Undefined for any other path, and for ids that are not CIDs or
 * keys (the path gateway then answers, with its error for a bad CID).
 * `rawPath` is the URL's path as sent, still percent-encoded.
 */
export function subdomainRedirect (rawPath: string): { namespace: Namespace, label: string, rest: string } | undefined {
  const match = /^\/(ipfs|ipns)\/([^/?#]+)(.*)$/.exec(rawPath)
  if (match == null) {
    return undefined
  }
  const namespace = match[1] as Namespace
  const id = decodeURIComponentSafe(match[2] ?? '')
  const rest = match[3] === '' || match[3] == null ? '/' : match[3]
  if (namespace === 'ipfs') {
    const cid = parseCid(id)
    return cid == null ? undefined : { namespace, label: ipfsLabel(cid), rest }
  }
  const key = parseIpnsKey(id)
  if (key != null) {
    return { namespace, label: ipnsKeyLabel(key), rest }
  }
  // a DNSLink name: without DNS here Cairn cannot know it is one, so only a name with dots is moved
  return id.includes('.') ? { namespace, label: inlineDnsLink(id), rest } : undefined
}

function hostnameOf (host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase()
}

function decodeURIComponentSafe (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
