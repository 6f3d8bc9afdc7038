import { createRoute, z } from '@hono/zod-openapi'
import { nodeIdentity, versionInfo } from '../src/node-info.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, bearer, json } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'

export interface NodeStatusDeps extends RouteDeps {
  /** The public gateway listener's base URL, so that clients can link to content; undefined where no gateway listens. */
  gatewayUrl?: string
  /** When the service started, for uptime. */
  startedAt: Date
}

const NodeStatus = z.object({
  peerId: z.string(),
  agentVersion: z.string(),
  version: z.string(),
  system: z.string(),
  runtime: z.string(),
  network: z.enum(['private', 'public']),
  addresses: z.array(z.string()).openapi({ description: 'Listen addresses, each ending in /p2p/<peer id>' }),
  connections: z.number(),
  gatewayUrl: z.string().nullable().openapi({ description: 'The public gateway listener, as this node bound it: `<gatewayUrl>/ipfs/<cid>`' }),
  gatewayDomains: z.array(z.string()).openapi({ description: 'Domains whose subdomains serve `<cid>.ipfs.<domain>` (besides localhost)' }),
  startedAt: z.string().openapi({ format: 'date-time' }),
  uptimeMs: z.number(),
  storage: z.object({
    usedBytes: z.number().openapi({ description: 'Bytes of blocks held' }),
    maxBytes: z.number().nullable().openapi({ description: 'CAIRN_STORAGE_MAX; null when unlimited' }),
    blocks: z.number()
  })
}).openapi('NodeStatus')

const routes = {
  status: createRoute({
    method: 'get',
    path: '/',
    tags: ['node'],
    security: bearer,
    summary: 'This node at a glance',
    description: 'Identity, version, uptime, storage and where the gateway listens: what a dashboard shows on its first screen.',
    responses: { 200: json(NodeStatus, 'The node'), ...AUTH_ERRORS }
  })
}

/** `GET /api/v1/node` (token, `read` scope). */
export function nodeStatusRoutes ({ node, gatewayUrl, startedAt }: NodeStatusDeps) {
  return openApiRoutes().openapi(routes.status, (c) => {
    const identity = nodeIdentity(node.helia)
    const storage = node.storage
    return c.json({
      peerId: identity.id,
      agentVersion: identity.agentVersion,
      ...versionInfo(),
      network: node.config.network,
      addresses: identity.addresses,
      connections: node.helia.libp2p.getConnections().length,
      gatewayUrl: gatewayUrl ?? null,
      gatewayDomains: node.config.gatewayDomains,
      startedAt: startedAt.toISOString(),
      uptimeMs: Date.now() - startedAt.getTime(),
      storage: { usedBytes: storage.usedBytes, maxBytes: Number.isFinite(storage.maxBytes) ? storage.maxBytes : null, blocks: storage.blocks }
    }, 200)
  })
}
