import { CID } from 'multiformats/cid'
import { base32 } from 'multiformats/bases/base32'

export interface GatewayLinks {
  path: string
  /** `http://<cid>.ipfs.localhost:<port>/`: each site on an origin of its own, as Kubo's gateway serves on this machine. */
  subdomain: string
}

/**
 * Where the gateway listener serves `cid`, from the URL the API reports
 * (GET /api/v1/node). Subdomains need a case-insensitive CID: CIDv1 in base32.
 */
export function gatewayLinks (gatewayUrl: string, cid: string, isDirectory: boolean): GatewayLinks {
  const url = new URL(gatewayUrl)
  const slash = isDirectory ? '/' : ''
  const label = CID.parse(cid).toV1().toString(base32)
  return {
    path: `${url.origin}/ipfs/${cid}${slash}`,
    subdomain: `${url.protocol}//${label}.ipfs.localhost${url.port === '' ? '' : `:${url.port}`}/`
  }
}
