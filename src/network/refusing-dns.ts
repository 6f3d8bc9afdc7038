import { dns } from '@multiformats/dns'
import type { DNS } from '@multiformats/dns'

/**
 * A DNS that answers nothing. Used when the node may only touch loopback:
 * libp2p resolves `/dnsaddr` and `/dns4` addresses before the connection
 * gater sees them, so the gater alone cannot stop those lookups.
 */
export function refusingDns (): DNS {
  return dns({
    resolvers: {
      '.': async (domain: string) => Promise.reject(new Error(`DNS lookups are disabled on a loopback-only node (asked for ${domain})`))
    }
  })
}
