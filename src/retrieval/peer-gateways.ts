import { peerIdFromCID } from '@libp2p/peer-id'
import { GATEWAY_ADDRESS_PROTOCOL, PEER_GATEWAY_ASK_MS, PEER_GATEWAY_LOOKUP_MS, PEER_GATEWAY_MAX_PROVIDERS, PEER_GATEWAY_TTL_MS } from '../constants.ts'
import { withTimeout } from '../deadline.ts'
import { gatewayUrlOf } from './gateway-address.ts'
import type { GatewayAddressRules } from './gateway-address.ts'
import type { GatewayAddressProtocol } from './gateway-protocol.ts'
import type { Logger } from '../logger.ts'
import type { Routing } from '@helia/interface'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** A peer's gateway this node may fetch from. */
export interface PeerGateway {
  peer: PeerId
  url: string
}

export interface PeerGatewaysComponents {
  libp2p: Pick<Libp2p, 'getPeers' | 'peerStore' | 'peerId'>
  routing: Pick<Routing, 'findProviders'>
  protocol: Pick<GatewayAddressProtocol, 'ask'>
  rules: GatewayAddressRules
  log: Logger
}

interface Known {
  /** Undefined: the peer has no gateway this node may use. */
  url?: string
  expires: number
}

/**
 * Finds the gateways of Cairn peers that may hold a DAG: first the connected
 * peers that speak `/cairn/gateway/1.0.0` (identify told which), then holders
 * the routing names (any holder, not only configured peers), a few and
 * briefly, since bitswap carries on without them. Each peer's answer is
 * checked against the address rules and remembered for a while.
 */
export class PeerGateways {
  private readonly components: PeerGatewaysComponents
  private readonly known = new Map<string, Known>()

  constructor (components: PeerGatewaysComponents) {
    this.components = components
  }

  async * candidates (root: CID, signal: AbortSignal): AsyncGenerator<PeerGateway> {
    const { libp2p, routing } = this.components
    const tried = new Set<string>([libp2p.peerId.toString()])
    for (const peer of libp2p.getPeers()) {
      tried.add(peer.toString())
      if (await this.speaksProtocol(peer)) {
        const url = await this.gatewayOf(peer, signal)
        if (url != null) {
          yield { peer, url }
        }
      }
    }
    const lookup = withTimeout(PEER_GATEWAY_LOOKUP_MS, signal)
    let asked = 0
    try {
      for await (const provider of routing.findProviders(root, { signal: lookup })) {
        const peer = peerIdFromCID(provider.id)
        if (tried.has(peer.toString())) {
          continue
        }
        tried.add(peer.toString())
        const url = await this.gatewayOf(peer, signal)
        if (url != null) {
          yield { peer, url }
        }
        if (++asked >= PEER_GATEWAY_MAX_PROVIDERS) {
          return
        }
      }
    } catch (err) {
      if (signal.aborted) {
        throw err
      }
      this.components.log.debug({ root: root.toString(), err: (err as Error).message }, 'no more holders from the routing')
    }
  }

  private async speaksProtocol (peer: PeerId): Promise<boolean> {
    try {
      return (await this.components.libp2p.peerStore.get(peer)).protocols.includes(GATEWAY_ADDRESS_PROTOCOL)
    } catch {
      return false
    }
  }

  /** The peer's gateway URL, asked once in a while; undefined when it has none this node may use or does not answer. */
  private async gatewayOf (peer: PeerId, signal: AbortSignal): Promise<string | undefined> {
    const key = peer.toString()
    const known = this.known.get(key)
    if (known != null && known.expires > Date.now()) {
      return known.url
    }
    let url: string | undefined
    try {
      const answer = await this.components.protocol.ask(peer, withTimeout(PEER_GATEWAY_ASK_MS, signal))
      const remoteIp = answer.remoteAddr.getComponents()[0]?.value ?? ''
      for (const addr of answer.addrs) {
        url = await gatewayUrlOf(addr, remoteIp, this.components.rules)
        if (url != null) {
          break
        }
      }
      if (url == null && answer.addrs.length > 0) {
        this.components.log.debug({ peer: key, addrs: answer.addrs.map(String) }, 'peer gateway addresses refused by the address rules')
      }
    } catch (err) {
      if (signal.aborted) {
        throw err
      }
      this.components.log.debug({ peer: key, err: (err as Error).message }, 'peer did not say where its gateway is')
    }
    this.forgetExpired()
    this.known.set(key, { url, expires: Date.now() + PEER_GATEWAY_TTL_MS })
    return url
  }

  private forgetExpired (): void {
    const now = Date.now()
    for (const [key, known] of this.known) {
      if (known.expires <= now) {
        this.known.delete(key)
      }
    }
  }
}
