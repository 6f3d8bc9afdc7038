import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { DEFAULT_MAX_CONNECTIONS, PRIVATE_DHT_PROTOCOL } from '../constants.ts'
import { AGENT_VERSION } from '../version.ts'
import { IPNS_DHT_SELECTORS, IPNS_DHT_VALIDATORS } from '../names/dht-records.ts'
import type { CreateLibp2pOptions } from '@helia/libp2p'
import type { ConnectionGater, Metrics, PrivateKey } from '@libp2p/interface'
import type { DNS } from '@multiformats/dns'

export interface ProfileOptions {
  listen: string[]
  connectionGater?: ConnectionGater
  /** Given on loopback-only nodes: a DNS that refuses every lookup. */
  dns?: DNS
  /** The node's identity, kept in Cairn's encrypted keychain as `self`. */
  privateKey?: PrivateKey
  /** Addresses told to peers instead of the listen addresses (CAIRN_ANNOUNCE); empty: the listen addresses. */
  announce?: string[]
  /** Most open connections (CAIRN_MAX_CONNECTIONS). @default DEFAULT_MAX_CONNECTIONS */
  maxConnections?: number
  /** Where libp2p reports its metrics (the node's Prometheus registry). */
  metrics?: Metrics
}

/**
 * The private swarm: TCP + Noise + Yamux, identify, ping and a Kademlia DHT
 * among the configured peers. Every key is given, so nothing falls back to a
 * public default: no bootstrap list, no mDNS, no UPnP, no AutoNAT, no relays,
 * no delegated routing.
 */
export function privateProfile (options: ProfileOptions): CreateLibp2pOptions<PrivateServices> {
  return {
    privateKey: options.privateKey,
    // what identify tells peers, and what `id` answers for this node
    nodeInfo: { userAgent: AGENT_VERSION },
    addresses: { listen: options.listen, announce: options.announce ?? [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    connectionGater: options.connectionGater,
    dns: options.dns,
    metrics: options.metrics == null ? undefined : () => options.metrics as Metrics,
    connectionManager: {
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      // every peer on one host shares an IP; libp2p would otherwise accept 5 connections/s from it
      allow: ['/ip4/127.0.0.0/ipcidr/8', '/ip6/::1/ipcidr/128'],
      // /dnsaddr is resolved before the gater runs; a private swarm names its peers directly
      resolvers: {}
    },
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({
        protocol: PRIVATE_DHT_PROTOCOL,
        // kad-dht defaults to client mode and to dropping private addresses: both leave a LAN swarm empty
        clientMode: false,
        peerInfoMapper: passthroughMapper,
        validators: IPNS_DHT_VALIDATORS,
        selectors: IPNS_DHT_SELECTORS
      })
    }
  }
}

export interface PrivateServices extends Record<string, unknown> {
  identify: ReturnType<ReturnType<typeof identify>>
  ping: ReturnType<ReturnType<typeof ping>>
  dht: ReturnType<ReturnType<typeof kadDHT>>
}
