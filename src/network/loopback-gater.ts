import { isIP } from 'node:net'
import type { ConnectionGater, MultiaddrConnection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * True when the address's host is loopback: 127.0.0.0/8 or ::1. DNS names are
 * not loopback (resolving them would already be network traffic).
 */
export function isLoopbackMultiaddr (ma: Multiaddr): boolean {
  const host = ma.getComponents()[0]
  if (host == null || host.value == null) {
    return false
  }
  if (host.name === 'ip4' && isIP(host.value) === 4) {
    return host.value.startsWith('127.')
  }
  if (host.name === 'ip6' && isIP(host.value) === 6) {
    return host.value === '::1' || host.value === '0:0:0:0:0:0:0:1'
  }
  return false
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
