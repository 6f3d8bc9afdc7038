import { libp2pDefaults, withLibp2p } from '@helia/libp2p'
import { withHTTP } from '@helia/http'
import { kadDHT } from '@libp2p/kad-dht'
import { DEFAULT_MAX_CONNECTIONS } from '../constants.ts'
import { AGENT_VERSION } from '../version.ts'
import { IPNS_DHT_SELECTORS, IPNS_DHT_VALIDATORS } from '../names/dht-records.ts'
import type { ProfileOptions } from './private-profile.ts'
import type { Helia } from '@helia/interface'
import type { Metrics } from '@libp2p/interface'
import type { HeliaWithLibp2p } from '@helia/libp2p'

/**
 * The libp2p options of the public profile: Helia's defaults (the public
 * bootstrap list, the Amino DHT, mDNS, UPnP, AutoNAT, relays, delegated
 * routing) with Cairn's identity, listen and announce addresses, connection
 * limit and an IPNS-aware DHT. Composed apart from starting so it can be
 * checked as data.
 */
export function publicProfile (options: ProfileOptions) {
  const defaults = libp2pDefaults()
  return {
    ...defaults,
    privateKey: options.privateKey,
    // what identify tells peers, and what `id` answers for this node
    nodeInfo: { userAgent: AGENT_VERSION },
    addresses: { ...defaults.addresses, listen: options.listen, announce: options.announce ?? [] },
    connectionManager: { ...defaults.connectionManager, maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS },
    connectionGater: options.connectionGater,
    dns: options.dns,
    metrics: options.metrics == null ? undefined : () => options.metrics as Metrics,
    services: {
      ...defaults.services,
      // Helia's default DHT has no IPNS validator: it would refuse every IPNS record
      dht: kadDHT({ validators: IPNS_DHT_VALIDATORS, selectors: IPNS_DHT_SELECTORS })
    }
  }
}

/**
 * Joins the public IPFS network, and fetches from the public trustless
 * gateways too. Only ever selected by CAIRN_NETWORK=public.
 */
export function withPublicNetwork<H extends Helia> (helia: H, options: ProfileOptions): H & HeliaWithLibp2p {
  return withLibp2p(withHTTP(helia), publicProfile(options))
}
