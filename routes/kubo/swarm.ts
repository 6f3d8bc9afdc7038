import { Hono } from 'hono'
import { z } from 'zod'
import { connectPeers, disconnectPeers, knownAddresses, listConnections, localAddresses } from '../../src/peers/connections.ts'
import { args } from './args.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { PeerConnection, PeerIdentity } from '../../src/peers/connections.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const peersQuery = z.object({
  verbose: kuboBool.optional(),
  v: kuboBool.optional(),
  streams: kuboBool.optional(),
  latency: kuboBool.optional(),
  direction: kuboBool.optional(),
  identify: kuboBool.optional()
})

const localQuery = z.object({
  id: kuboBool.optional()
})

/** libp2p's network.Direction, which Kubo prints as a number. */
const DIRECTION = { inbound: 1, outbound: 2 } as const

/** Kubo's empty IdOutput: `Identify` is a struct, so Go prints it even when not asked for. */
const NO_IDENTIFY = { ID: '', PublicKey: '', Addresses: null, AgentVersion: '', Protocols: null }

/** `POST /api/v0/swarm/{peers,connect,disconnect,addrs,addrs/local}` */
export function swarmRoutes ({ node }: RouteDeps) {
  const { libp2p } = node.helia
  return new Hono<AppEnv>()
    .post('/peers', kuboQuery(peersQuery), async (c) => {
      const q = c.req.valid('query')
      const verbose = (q.verbose ?? q.v) === true
      const show = {
        streams: verbose || q.streams === true,
        latency: verbose || q.latency === true,
        direction: verbose || q.direction === true,
        identify: verbose || q.identify === true
      }
      const connections = await listConnections(libp2p, { identify: show.identify })
      // Go encodes an empty slice of peers as null
      return c.json({ Peers: connections.length === 0 ? null : connections.map(conn => connInfo(conn, show)) })
    })
    .post('/connect', async (c) => {
      const peers = await connectPeers(libp2p, args(c), { timeoutMs: node.config.fetchTimeoutMs, signal: commandSignal(c) })
      return c.json({ Strings: peers.map(peer => `connect ${peer.toString()} success`) })
    })
    .post('/disconnect', async (c) => {
      const results = await disconnectPeers(libp2p, args(c), { signal: commandSignal(c) })
      return c.json({
        Strings: results.map(r => `disconnect ${r.peer.toString()} ${r.failure == null ? 'success' : `failure: ${r.failure}`}`)
      })
    })
    .post('/addrs', async (c) => {
      return c.json({ Addrs: Object.fromEntries(await knownAddresses(libp2p, { signal: commandSignal(c) })) })
    })
    .post('/addrs/local', kuboQuery(localQuery), (c) => {
      return c.json({ Strings: localAddresses(libp2p, { withPeerId: c.req.valid('query').id === true }) })
    })
}

/** Kubo's connInfo: optional fields are `omitempty`, and present only when asked for. */
function connInfo (conn: PeerConnection, show: Record<'streams' | 'latency' | 'direction' | 'identify', boolean>): Record<string, unknown> {
  const info: Record<string, unknown> = { Addr: conn.address.toString(), Peer: conn.peer.toString() }
  if (show.latency) {
    info.Latency = conn.latencyMs == null ? 'n/a' : `${conn.latencyMs}ms`
  }
  if (show.direction) {
    info.Direction = DIRECTION[conn.direction]
  }
  if (show.streams && conn.streams.length > 0) {
    info.Streams = conn.streams.map(protocol => ({ Protocol: protocol }))
  }
  info.Identify = conn.identity == null ? NO_IDENTIFY : idOutput(conn.identity)
  return info
}

function idOutput (identity: PeerIdentity): Record<string, unknown> {
  return {
    ID: identity.id,
    PublicKey: identity.publicKey,
    Addresses: identity.addresses.length === 0 ? null : identity.addresses,
    AgentVersion: identity.agentVersion,
    Protocols: identity.protocols.length === 0 ? null : identity.protocols
  }
}
