import { InvalidArgumentError } from '../../src/errors.ts'

/** Where the request came in, which decides how URLs in answers are written. */
export interface GatewayOrigin {
  /**
   * True on an origin that holds one content root (subdomain or DNSLink
   * gateway): only there is a site's `_redirects` file evaluated.
   */
  isolated: boolean
  /** What answers' links put before a content path: `/ipfs/<cid>` on the path gateway, '' on an isolated origin. */
  prefix: string
  /** Origin of the path gateway for links to other CIDs ('' for this origin). */
  pathGateway: string
}

/** A gateway request, parsed from its URL before anything is resolved. */
export interface GatewayRequest {
  namespace: 'ipfs' | 'ipns'
  /** The CID or IPNS name, as typed. */
  name: string
  /** URL-decoded path segments below the name. */
  segments: string[]
  /** Whether the URL path ended in `/`. */
  trailingSlash: boolean
  /** `/ipfs/<cid>/a/b` as the client sent it (percent-encoded), for `X-Ipfs-Path`. */
  contentPath: string
  origin: GatewayOrigin
}

/**
 * Splits a `/ipfs/…` or `/ipns/…` URL path (still percent-encoded) into its
 * name and decoded segments. Empty segments are dropped; a segment that does
 * not decode is a bad request.
 */
export function parseGatewayPath (encodedPath: string, origin?: GatewayOrigin): GatewayRequest {
  const [, namespace, name = '', ...rest] = encodedPath.split('/')
  if (namespace !== 'ipfs' && namespace !== 'ipns') {
    throw new InvalidArgumentError(`${encodedPath} is not a /ipfs/ or /ipns/ path`)
  }
  let segments: string[]
  let decodedName: string
  try {
    decodedName = decodeURIComponent(name)
    segments = rest.filter(segment => segment !== '').map(segment => decodeURIComponent(segment))
  } catch {
    throw new InvalidArgumentError(`${encodedPath} is not a valid percent-encoded path`)
  }
  if (segments.some(segment => segment === '.' || segment === '..')) {
    // answered before any block is read: a dot segment names nothing inside a DAG
    throw new InvalidArgumentError(`invalid path "${encodedPath}": "." and ".." segments are not allowed`)
  }
  if (decodedName === '') {
    throw new InvalidArgumentError(`${encodedPath} names no ${namespace === 'ipfs' ? 'CID' : 'IPNS name'}`)
  }
  return {
    namespace,
    name: decodedName,
    segments,
    trailingSlash: rest.length > 0 && rest.at(-1) === '',
    contentPath: encodedPath,
    origin: origin ?? { isolated: false, prefix: `/${namespace}/${name}`, pathGateway: '' }
  }
}

/**
 * A path segment as Go's `url.PathEscape` writes it: like encodeURIComponent,
 * but the sub-delimiters RFC 3986 allows in a path stay readable.
 */
export function encodeSegment (segment: string): string {
  return encodeURIComponent(segment).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Segments joined into an encoded path with a leading `/`, or '' for none. */
export function encodePath (segments: string[]): string {
  return segments.map(segment => `/${encodeSegment(segment)}`).join('')
}
