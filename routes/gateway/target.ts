import type { CID } from 'multiformats/cid'

/** What a gateway request names, after `/ipns/` names are resolved. */
export interface GatewayTarget {
  /** The namespace the request used. */
  namespace: 'ipfs' | 'ipns'
  /** The CID the content path starts from (for /ipns/, what the name resolved to). */
  root: CID
  /** URL-decoded path below the root, without leading or trailing slash; '' for the root itself. */
  path: string
  /** The content path as requested, e.g. `/ipns/k51…/a/b.txt`, for `X-Ipfs-Path`. */
  contentPath: string
  /** For /ipns/: how long the answer may be cached, from the record's TTL. */
  ttlMs?: number
}
