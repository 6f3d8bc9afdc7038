import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidArgumentError } from '../errors.ts'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface PeerAddress {
  /** The whole address, /p2p/<id> included. */
  address: Multiaddr
  peer: PeerId
  /** The transport part (`/ip4/…/tcp/…`); undefined for a bare `/p2p/<id>`. */
  transport?: Multiaddr
}

/** Parses a `…/p2p/<peer id>` multiaddr, as `swarm connect` and `swarm disconnect` take them. */
export function parsePeerAddress (input: string): PeerAddress {
  let ma: Multiaddr
  try {
    ma = multiaddr(input)
  } catch (err) {
    throw new InvalidArgumentError(`invalid peer address "${input}": ${(err as Error).message}`)
  }
  const components = ma.getComponents()
  const last = components.at(-1)
  if (last?.name !== 'p2p' || last.value == null) {
    throw new InvalidArgumentError(`invalid peer address "${input}": must end in /p2p/<peer id>`)
  }
  let peer: PeerId
  try {
    peer = peerIdFromString(last.value)
  } catch (err) {
    throw new InvalidArgumentError(`invalid peer ID in "${input}": ${(err as Error).message}`)
  }
  const rest = components.slice(0, -1)
  return { address: ma, peer, transport: rest.length === 0 ? undefined : multiaddr(rest) }
}

/** A connection's remote address as Kubo prints it: without the trailing `/p2p/<id>`. */
export function withoutPeerId (ma: Multiaddr): Multiaddr {
  const components = ma.getComponents()
  return components.at(-1)?.name === 'p2p' ? multiaddr(components.slice(0, -1)) : ma
}
