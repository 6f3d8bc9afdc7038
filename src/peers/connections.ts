import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { deadlineSignal, withTimeout } from '../deadline.ts'
import { InvalidArgumentError, NotFoundError } from '../errors.ts'
import { parsePeerAddress, withoutPeerId } from './p2p-address.ts'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface PeerIdentity {
  id: string
  /** Base64 of the protobuf-encoded public key, '' when unknown. */
  publicKey: string
  /** Known addresses, each ending in /p2p/<id>, sorted. */
  addresses: string[]
  agentVersion: string
  protocols: string[]
}

export interface PeerConnection {
  /** Remote address without /p2p/<id>. */
  address: Multiaddr
  peer: PeerId
  direction: 'inbound' | 'outbound'
  /** Round-trip time measured by libp2p, if it has one. */
  latencyMs?: number
  /** Protocols of the streams open on the connection, sorted. */
  streams: string[]
  /** What identify told us about the peer; only when asked for. */
  identity?: PeerIdentity
}

/** Every open connection, sorted by address as Kubo sorts `swarm peers`. */
export async function listConnections (libp2p: Pick<Libp2p, 'getConnections' | 'peerStore'>, options: { identify?: boolean } = {}): Promise<PeerConnection[]> {
  const connections = await Promise.all(libp2p.getConnections().map(async (conn): Promise<PeerConnection> => ({
    address: withoutPeerId(conn.remoteAddr),
    peer: conn.remotePeer,
    direction: conn.direction,
    latencyMs: conn.rtt,
    streams: conn.streams.map(stream => stream.protocol ?? '').toSorted(),
    identity: options.identify === true ? await identity(libp2p, conn.remotePeer) : undefined
  })))
  return connections.toSorted((a, b) => a.address.toString().localeCompare(b.address.toString()))
}

/**
 * Kubo's `id <peer>`: what this node knows of another peer once it has
 * talked to it. A peer that is not connected is dialled first (its
 * addresses from the peer store, or from the routing); identify is awaited
 * when it has not answered yet, so the answer holds the peer's agent version
 * and protocols.
 */
export async function lookUpPeer (libp2p: Pick<Libp2p, 'peerStore' | 'getConnections' | 'dial' | 'addEventListener' | 'removeEventListener'>, peer: PeerId, options: { timeoutMs: number, signal?: AbortSignal }): Promise<PeerIdentity> {
  const signal = deadlineSignal(options.timeoutMs, options.signal)
  const connected = libp2p.getConnections(peer).length > 0
  const known = await libp2p.peerStore.get(peer).catch(() => undefined)
  if (connected && (known?.protocols.length ?? 0) > 0) {
    return identity(libp2p, peer)
  }
  const identified = identifiedOnce(libp2p, peer, signal)
  if (!connected) {
    try {
      await libp2p.dial(peer, { signal })
    } catch (err) {
      options.signal?.throwIfAborted()
      throw new NotFoundError(`peer ${peer.toString()} could not be reached: ${(err as Error).message}`)
    }
  }
  await identified
  return identity(libp2p, peer)
}

/** Resolves when identify has answered for `peer`, or when `signal` aborts (what is known then is answered). */
async function identifiedOnce (libp2p: Pick<Libp2p, 'addEventListener' | 'removeEventListener'>, peer: PeerId, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      libp2p.removeEventListener('peer:identify', onIdentify)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const onIdentify = (event: CustomEvent<{ peerId: PeerId }>): void => {
      if (event.detail.peerId.equals(peer)) {
        done()
      }
    }
    libp2p.addEventListener('peer:identify', onIdentify)
    signal.addEventListener('abort', done, { once: true })
  })
}

async function identity (libp2p: Pick<Libp2p, 'peerStore'>, peer: PeerId): Promise<PeerIdentity> {
  const known = await libp2p.peerStore.get(peer).catch(() => undefined)
  const agent = known?.metadata.get('AgentVersion')
  return {
    id: peer.toString(),
    publicKey: publicKeyOf(peer, known?.id),
    addresses: (known?.addresses ?? []).map(a => `${withoutPeerId(a.multiaddr).toString()}/p2p/${peer.toString()}`).toSorted(),
    agentVersion: agent == null ? '' : new TextDecoder().decode(agent),
    protocols: (known?.protocols ?? []).toSorted()
  }
}

/** Base64 of the protobuf public key: in the peer ID (Ed25519), or learnt by identify (RSA). */
function publicKeyOf (peer: PeerId, known: PeerId | undefined): string {
  const key = peer.publicKey ?? known?.publicKey
  return key == null ? '' : Buffer.from(publicKeyToProtobuf(key)).toString('base64')
}

/**
 * Dials each `…/p2p/<id>` address, as Kubo's `swarm connect`, and fails at the
 * first peer that cannot be reached within `timeoutMs`. An address this node's
 * connection gater refuses (a non-loopback one on a loopback-only node) is a
 * bad argument; any other failure means the peer was not found there.
 */
export async function connectPeers (libp2p: Pick<Libp2p, 'dial'>, inputs: string[], options: { timeoutMs: number, signal?: AbortSignal }): Promise<PeerId[]> {
  if (inputs.length === 0) {
    throw new InvalidArgumentError('argument "address" is required')
  }
  const byPeer = new Map<string, { peer: PeerId, addresses: Multiaddr[] }>()
  for (const input of inputs) {
    const { peer, address } = parsePeerAddress(input)
    const entry = byPeer.get(peer.toString()) ?? { peer, addresses: [] }
    entry.addresses.push(address)
    byPeer.set(peer.toString(), entry)
  }
  const connected: PeerId[] = []
  for (const { peer, addresses } of byPeer.values()) {
    const signal = withTimeout(options.timeoutMs, options.signal)
    try {
      await libp2p.dial(addresses, { signal })
    } catch (err) {
      options.signal?.throwIfAborted()
      const message = `connect ${peer.toString()} failure: ${(err as Error).message}`
      throw REFUSED_DIAL_ERRORS.has((err as Error).name) ? new InvalidArgumentError(message) : new NotFoundError(message)
    }
    connected.push(peer)
  }
  return connected
}

/** What libp2p throws when the connection gater leaves no address to dial. */
const REFUSED_DIAL_ERRORS = new Set(['DialDeniedError', 'NoValidAddressesError'])

export interface DisconnectResult {
  peer: PeerId
  /** Why nothing was closed: Kubo's "not connected" or "conn not found". */
  failure?: string
}

/**
 * Closes connections, as Kubo's `swarm disconnect`: with a transport address,
 * the connection to the peer at that address; with a bare `/p2p/<id>`, all
 * of them. A peer kept connected by configuration is redialled by libp2p.
 */
export async function disconnectPeers (libp2p: Pick<Libp2p, 'getConnections' | 'hangUp'>, inputs: string[], options: { signal?: AbortSignal } = {}): Promise<DisconnectResult[]> {
  if (inputs.length === 0) {
    throw new InvalidArgumentError('argument "address" is required')
  }
  const targets = inputs.map(parsePeerAddress)
  const results: DisconnectResult[] = []
  for (const { peer, transport } of targets) {
    const connections = libp2p.getConnections(peer)
    if (transport == null) {
      if (connections.length === 0) {
        results.push({ peer, failure: 'not connected' })
        continue
      }
      await libp2p.hangUp(peer, options)
      results.push({ peer })
      continue
    }
    const connection = connections.find(conn => withoutPeerId(conn.remoteAddr).equals(transport))
    if (connection == null) {
      results.push({ peer, failure: 'conn not found' })
      continue
    }
    await connection.close(options)
    results.push({ peer })
  }
  return results
}

/** This node's listen addresses, sorted; with `withPeerId` each ends in /p2p/<id>. */
export function localAddresses (libp2p: Pick<Libp2p, 'getMultiaddrs' | 'peerId'>, options: { withPeerId?: boolean } = {}): string[] {
  return libp2p.getMultiaddrs()
    .map(ma => withoutPeerId(ma))
    .map(ma => options.withPeerId === true ? `${ma.toString()}/p2p/${libp2p.peerId.toString()}` : ma.toString())
    .toSorted()
}

/** Kubo's `swarm addrs`: every peer the peer store knows addresses for, with them (sorted), this node left out. */
export async function knownAddresses (libp2p: Pick<Libp2p, 'peerStore' | 'peerId'>, options: { signal?: AbortSignal } = {}): Promise<Map<string, string[]>> {
  const known = new Map<string, string[]>()
  for (const peer of await libp2p.peerStore.all({ signal: options.signal })) {
    if (peer.id.equals(libp2p.peerId) || peer.addresses.length === 0) {
      continue
    }
    known.set(peer.id.toString(), peer.addresses.map(address => withoutPeerId(address.multiaddr).toString()).toSorted())
  }
  return known
}
