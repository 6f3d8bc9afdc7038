import { libp2pDefaults, withLibp2p } from '@helia/libp2p'
import { withHTTP } from '@helia/http'
import { kadDHT } from '@libp2p/kad-dht'
import { IPNS_DHT_SELECTORS, IPNS_DHT_VALIDATORS } from '../names/dht-records.ts'
import type { ProfileOptions } from './private-profile.ts'
import type { Helia } from '@helia/interface'
import type { HeliaWithLibp2p } from '@helia/libp2p'

/**
 * Joins the public IPFS network with Helia's defaults: the public bootstrap
 * list, the Amino DHT, mDNS, UPnP, AutoNAT, relays, delegated routing and the
 * public trustless gateways. Only ever selected by CAIRN_NETWORK=public.
 */
export function withPublicNetwork<H extends Helia> (helia: H, options: ProfileOptions): H & HeliaWithLibp2p {
  const defaults = libp2pDefaults()
  return withLibp2p(withHTTP(helia), {
    ...defaults,
    privateKey: options.privateKey,
    addresses: { ...defaults.addresses, listen: options.listen },
    connectionGater: options.connectionGater,
    dns: options.dns,
    services: {
      ...defaults.services,
      // Helia's default DHT has no IPNS validator: it would refuse every IPNS record
      dht: kadDHT({ validators: IPNS_DHT_VALIDATORS, selectors: IPNS_DHT_SELECTORS })
    }
  })
}
