import { isIP } from 'node:net'
import type { ConnectionGater, MultiaddrConnection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** True when `ip` is a loopback IP address: 127.0.0.0/8 or ::1. Names are not addresses: anything else is false. */
export function isLoopbackIp (ip: string): boolean {
  switch (isIP(ip)) {
    case 4:
      return ip.startsWith('127.')
    case 6:
      return ip === '::1' || ip === '0:0:0:0:0:0:0:1'
    default:
      return false
  }
}

/**
 * True when a host (a URL's hostname, bracketed IPv6 included, or a listen
 * address) is this machine only: a loopback IP, or `localhost` and its
 * subdomains, which resolve to loopback without asking DNS.
 */
export function isLoopbackHost (hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackIp(host)
}

/**
 * True when the address's host is loopback. DNS names are not loopback
 * (resolving them would already be network traffic).
 */
export function isLoopbackMultiaddr (ma: Multiaddr): boolean {
  const host = ma.getComponents()[0]
  return host?.value != null && (host.name === 'ip4' || host.name === 'ip6') && isLoopbackIp(host.value)
}

export interface LoopbackGaterEvents {
  /** Called for every address the gater refuses, so tests and logs can see attempts. */
  onRefused?(direction: 'dial' | 'inbound', address: Multiaddr): void
}

/**
 * A connection gater that lets through loopback addresses only, in both
 * directions. Relayed (`/p2p-circuit`) addresses are refused as a whole.
 */
export function loopbackGater (events: LoopbackGaterEvents = {}): ConnectionGater {
  const refuse = (direction: 'dial' | 'inbound', address: Multiaddr): boolean => {
    if (isLoopbackMultiaddr(address) && !address.toString().includes('/p2p-circuit')) {
      return false
    }
    events.onRefused?.(direction, address)
    return true
  }

  return {
    denyDialMultiaddr: (address: Multiaddr) => refuse('dial', address),
    denyInboundConnection: (connection: MultiaddrConnection) => refuse('inbound', connection.remoteAddr)
  }
}
