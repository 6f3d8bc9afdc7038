import { isIP } from 'node:net'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import { GATEWAY_ADDRESS_PROTOCOL, MAX_PEER_GATEWAY_ADDR_CHARS, MAX_PEER_GATEWAY_ADDRS } from '../constants.ts'
import { ProtocolError } from '../errors.ts'
import { isMultiaddrText } from '../network/multiaddr-text.ts'
import type { Logger } from '../logger.ts'
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * `/cairn/gateway/1.0.0`: the asker opens a stream and the other side writes
 * one varint-length-prefixed JSON message, `{ "addrs": [multiaddr, …] }`,
 * each `/ip4|ip6/<ip>/tcp/<port>/http`, then closes. A gateway's port is
 * known only once its listener is bound, after libp2p started, so it is told
 * on request rather than put among the libp2p addresses.
 */
const Answer = z.strictObject({
  addrs: z.array(z.string().max(MAX_PEER_GATEWAY_ADDR_CHARS).refine(isMultiaddrText, 'expected a multiaddr')).max(MAX_PEER_GATEWAY_ADDRS)
})

const MAX_ANSWER_BYTES = 64 + MAX_PEER_GATEWAY_ADDRS * (MAX_PEER_GATEWAY_ADDR_CHARS + 4)

/** What a peer told: its gateway addresses, and the address this node reached it on. */
export interface PeerGatewayAnswer {
  addrs: Multiaddr[]
  remoteAddr: Multiaddr
}

type ProtocolLibp2p = Pick<Libp2p, 'handle' | 'unhandle' | 'dial' | 'getMultiaddrs'>

export class GatewayAddressProtocol {
  private readonly libp2p: ProtocolLibp2p
  private readonly log: Logger
  private gateway: URL | undefined

  constructor (libp2p: ProtocolLibp2p, log: Logger) {
    this.libp2p = libp2p
    this.log = log
  }

  async start (): Promise<void> {
    await this.libp2p.handle(GATEWAY_ADDRESS_PROTOCOL, async (stream) => this.answer(stream), { maxInboundStreams: 4, maxOutboundStreams: 4 })
  }

  async stop (): Promise<void> {
    await this.libp2p.unhandle(GATEWAY_ADDRESS_PROTOCOL)
  }

  /** Where this node's gateway listens, once it does (`http://host:port`). */
  setGateway (url: string): void {
    this.gateway = new URL(url)
  }

  /**
   * This node's gateway as multiaddrs: its listener's IP, or for a wildcard
   * listener (0.0.0.0, ::) each IP libp2p listens on, with the gateway's port.
   */
  ownAddrs (): string[] {
    if (this.gateway == null) {
      return []
    }
    const host = this.gateway.hostname.replace(/^\[|\]$/g, '')
    const port = this.gateway.port === '' ? (this.gateway.protocol === 'https:' ? '443' : '80') : this.gateway.port
    const scheme = this.gateway.protocol === 'https:' ? 'tls/http' : 'http'
    const wildcard = host === '0.0.0.0' || host === '::'
    const ips = wildcard
      ? this.libp2p.getMultiaddrs().map(ma => ma.getComponents()[0]).filter(c => c?.name === 'ip4' || c?.name === 'ip6').map(c => c?.value ?? '')
      : [host]
    return [...new Set(ips)]
      .filter(ip => isIP(ip) !== 0)
      .map(ip => `/${isIP(ip) === 4 ? 'ip4' : 'ip6'}/${ip}/tcp/${port}/${scheme}`)
      .slice(0, MAX_PEER_GATEWAY_ADDRS)
  }

  /** Asks `peer` (dialling it through the connection gater if need be) where its gateway listens. */
  async ask (peer: PeerId, signal: AbortSignal): Promise<PeerGatewayAnswer> {
    const connection: Connection = await this.libp2p.dial(peer, { signal })
    const stream = await connection.newStream(GATEWAY_ADDRESS_PROTOCOL, { signal })
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_ANSWER_BYTES })
      const bytes = (await lp.read({ signal })).subarray()
      let parsed
      try {
        parsed = Answer.parse(JSON.parse(Buffer.from(bytes).toString('utf8')))
      } catch (err) {
        throw new ProtocolError(`malformed ${GATEWAY_ADDRESS_PROTOCOL} answer: ${(err as Error).message}`)
      }
      await stream.close({ signal })
      return { addrs: parsed.addrs.map(addr => multiaddr(addr)), remoteAddr: connection.remoteAddr }
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  private async answer (stream: Stream): Promise<void> {
    try {
      const lp = lpStream(stream)
      const signal = AbortSignal.timeout(5000)
      await lp.write(Buffer.from(JSON.stringify({ addrs: this.ownAddrs() })), { signal })
      await stream.close({ signal })
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'gateway address answer failed')
      stream.abort(err as Error)
    }
  }
}
