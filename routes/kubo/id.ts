import { Hono } from 'hono'
import { nodeIdentity } from '../../src/node-info.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

/** `POST /api/v0/id`: this peer, in Kubo's shape. */
export function idRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', (c) => {
    const id = nodeIdentity(node.helia)
    return c.json({
      ID: id.id,
      PublicKey: id.publicKey,
      Addresses: id.addresses,
      AgentVersion: id.agentVersion,
      Protocols: id.protocols
    })
  })
}
