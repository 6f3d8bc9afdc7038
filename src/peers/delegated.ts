import { peerIdFromCID, peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { InvalidArgumentError } from '../errors.ts'
import { withoutPeerId } from './p2p-address.ts'
import { findPeer, findProviders } from './routing.ts'
import type { CairnHelia } from '../node.ts'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The protocol name Delegated Routing V1 gives bitswap peers (the multicodec table's name). */
export const TRANSPORT_BITSWAP = 'transport-bitswap'

/** Providers one delegated lookup returns at most. @default 100 */
export const MAX_DELEGATED_PROVIDERS = 100

/** A `peer` schema record of Delegated Routing V1 (specs.ipfs.tech/routing/http-routing-v1). */
export interface DelegatedPeerRecord {
  Schema: 'peer'
  ID: string
  Addrs: string[]
  Protocols: string[]
}

type DelegatedHelia = Pick<CairnHelia, 'routing' | 'libp2p' | 'blockstore'>

/**
 * Who holds `cid`: this node first when its blockstore has it, then every
 * provider the routing finds (the DHT's own records included) within
 * `timeoutMs`, each once.
 */
export async function * delegatedProviders (helia: DelegatedHelia, cid: CID, options: { timeoutMs: number, signal?: AbortSignal }): AsyncGenerator<DelegatedPeerRecord> {
  const self = helia.libp2p.peerId
  if (await helia.blockstore.has(cid, { signal: options.signal })) {
    yield record(self, helia.libp2p.getMultiaddrs())
  }
  for await (const provider of findProviders(helia, cid, { ...options, max: MAX_DELEGATED_PROVIDERS })) {
    if (!provider.peer.equals(self)) {
      yield record(provider.peer, provider.addresses.length > 0 ? provider.addresses : await knownAddresses(helia, provider.peer))
    }
  }
}

/** Where a peer can be reached: this node's own addresses, else what the routing or the peer store knows. */
export async function * delegatedPeers (helia: DelegatedHelia, peer: PeerId, options: { timeoutMs: number, signal?: AbortSignal }): AsyncGenerator<DelegatedPeerRecord> {
  if (peer.equals(helia.libp2p.peerId)) {
    yield record(peer, helia.libp2p.getMultiaddrs())
    return
  }
  try {
    const found = await findPeer(helia, peer, options)
    yield record(peer, found.addresses)
  } catch (err) {
    if ((err as Error).name !== 'NotFoundError') {
      throw err
    }
  }
}

/** A peer ID as the spec allows it in a path: a CIDv1 with the libp2p-key codec, or a legacy base58 string. */
export function parsePeerIdParam (input: string): PeerId {
  try {
    return input.startsWith('12D3') || input.startsWith('Qm') || input.startsWith('16U')
      ? peerIdFromString(input)
      : peerIdFromCID(CID.parse(input))
  } catch (err) {
    throw new InvalidArgumentError(`invalid peer ID "${input}": ${(err as Error).message}`)
  }
}

export function parseCidParam (input: string): CID {
  try {
    return CID.parse(input)
  } catch (err) {
    throw new InvalidArgumentError(`invalid CID "${input}": ${(err as Error).message}`)
  }
}

async function knownAddresses (helia: Pick<CairnHelia, 'libp2p'>, peer: PeerId): Promise<Multiaddr[]> {
  const known = await helia.libp2p.peerStore.get(peer).catch((err: Error) => {
    if (err.name === 'NotFoundError') {
      return undefined
    }
    throw err
  })
  return known?.addresses.map(a => a.multiaddr) ?? []
}

function record (peer: PeerId, addresses: Multiaddr[]): DelegatedPeerRecord {
  return {
    Schema: 'peer',
    ID: peer.toString(),
    Addrs: [...new Set(addresses.map(a => withoutPeerId(a).toString()))].toSorted(),
    Protocols: [TRANSPORT_BITSWAP]
  }
}
