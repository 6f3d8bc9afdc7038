import { peerIdFromString } from '@libp2p/peer-id'
import { Hono } from 'hono'
import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { z } from 'zod'
import { InvalidArgumentError } from '../../src/errors.ts'
import { nodeIdentity } from '../../src/node-info.ts'
import { lookUpPeer } from '../../src/peers/connections.ts'
import { args } from './args.ts'
import { commandSignal } from './timeout.ts'
import { kuboQuery } from './validate.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { PeerId } from '@libp2p/interface'

const query = z.object({
  'peerid-base': z.enum(['b58mh', 'base36', 'k', 'base32', 'b']).default('b58mh')
})

/**
 * `POST /api/v0/id[?arg=<peer>]`: this peer, or another one (dialled through
 * the peer store or the routing, then identified), in Kubo's IdOutput shape.
 */
export function idRoute ({ node }: RouteDeps) {
  const { libp2p } = node.helia
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const formatId = peerIdFormat(c.req.valid('query')['peerid-base'])
    const arg = args(c)[0]
    const peer = arg == null || arg === '' ? libp2p.peerId : parsePeer(arg)
    const id = peer.equals(libp2p.peerId)
      ? nodeIdentity(node.helia)
      : await lookUpPeer(libp2p, peer, { timeoutMs: node.config.fetchTimeoutMs, signal: commandSignal(c) })
    // Go writes empty lists as null
    return c.json({
      ID: formatId(peer),
      PublicKey: id.publicKey,
      Addresses: id.addresses.length === 0 ? null : id.addresses.toSorted(),
      AgentVersion: id.agentVersion,
      Protocols: id.protocols.length === 0 ? null : id.protocols.toSorted()
    })
  })
}

function parsePeer (input: string): PeerId {
  try {
    return peerIdFromString(input)
  } catch {
    // Kubo's words
    throw new InvalidArgumentError('invalid peer id')
  }
}

/** Kubo's `peerid-base`: a base58 multihash (the default), or a libp2p-key CIDv1 in base36 or base32. */
function peerIdFormat (base: string): (peer: PeerId) => string {
  if (base === 'base36' || base === 'k') {
    return peer => peer.toCID().toString(base36)
  }
  if (base === 'base32' || base === 'b') {
    return peer => peer.toCID().toString(base32)
  }
  return peer => peer.toString()
}
