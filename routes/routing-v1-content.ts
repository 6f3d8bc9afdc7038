import { createRoute, z } from '@hono/zod-openapi'
import { ROUTING_V1_EMPTY_MAX_AGE_S, ROUTING_V1_MAX_AGE_S } from '../src/constants.ts'
import { delegatedPeers, delegatedProviders, parseCidParam, parsePeerIdParam } from '../src/peers/delegated.ts'
import { requestSignal } from './middleware/request-deadline.ts'
import { openApiRoutes } from './openapi/app.ts'
import { ErrorBody, json } from './openapi/schemas.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { DelegatedPeerRecord } from '../src/peers/delegated.ts'
import type { Context } from 'hono'

const NDJSON = 'application/x-ndjson'

const PeerRecord = z.object({
  Schema: z.literal('peer'),
  ID: z.string(),
  Addrs: z.array(z.string()),
  Protocols: z.array(z.string()).optional()
}).openapi('PeerRecord')

const ndjson = { 'application/x-ndjson': { schema: PeerRecord } }
const tags = ['routing']
const routes = {
  providers: createRoute({
    method: 'get',
    path: '/providers/{cid}',
    tags,
    summary: 'Who holds a CID (gateway listener, public)',
    request: { params: z.object({ cid: z.string().openapi({ param: { name: 'cid', in: 'path' } }) }) },
    responses: {
      200: { content: { 'application/json': { schema: z.object({ Providers: z.array(PeerRecord) }) }, ...ndjson }, description: 'Providers, this node first; an empty list when none' },
      400: json(ErrorBody, 'Not a CID')
    }
  }),
  peers: createRoute({
    method: 'get',
    path: '/peers/{peerId}',
    tags,
    summary: 'Where a peer can be reached (gateway listener, public)',
    request: { params: z.object({ peerId: z.string().openapi({ param: { name: 'peerId', in: 'path' } }) }) },
    responses: {
      200: { content: { 'application/json': { schema: z.object({ Peers: z.array(PeerRecord) }) }, ...ndjson }, description: 'The peer\'s addresses; an empty list when unknown' },
      400: json(ErrorBody, 'Not a peer ID')
    }
  })
}

/**
 * Delegated Routing V1, content and peer part
 * (specs.ipfs.tech/routing/http-routing-v1): `GET /providers/<cid>` lists who
 * holds a CID (this node, and what the DHT knows), `GET /peers/<peer-id>`
 * where a peer can be reached. Public and CORS-open, so HTTP-only clients find
 * holders through Cairn without Cairn proxying the bytes. JSON by default,
 * streamed ndjson with `Accept: application/x-ndjson`; nothing found is a 200
 * with an empty list (IPIP-513), cached briefly.
 */
export function routingV1ContentRoutes ({ node }: RouteDeps) {
  const lookup = { timeoutMs: node.config.fetchTimeoutMs }
  return openApiRoutes()
    .openapi(routes.providers, async (c) => {
      const cid = parseCidParam(c.req.valid('param').cid)
      // a JSON list or a ndjson stream, by Accept: the schema documents both, the body is built by hand
      return await answer(c, 'Providers', delegatedProviders(node.helia, cid, { ...lookup, signal: requestSignal(c) })) as never
    })
    .openapi(routes.peers, async (c) => {
      const peer = parsePeerIdParam(c.req.valid('param').peerId)
      return await answer(c, 'Peers', delegatedPeers(node.helia, peer, { ...lookup, signal: requestSignal(c) })) as never
    })
}

async function answer (c: Context<AppEnv>, field: 'Providers' | 'Peers', records: AsyncGenerator<DelegatedPeerRecord>): Promise<Response> {
  c.header('Vary', 'Accept')
  if (!wantsNdjson(c.req.header('accept'))) {
    const all = await Array.fromAsync(records)
    c.header('Cache-Control', `public, max-age=${all.length > 0 ? ROUTING_V1_MAX_AGE_S : ROUTING_V1_EMPTY_MAX_AGE_S}`)
    return c.json({ [field]: all })
  }
  // the first record is awaited so that a lookup that fails at once still gets its error status
  const first = await records.next()
  const encoder = new TextEncoder()
  let pending: IteratorResult<DelegatedPeerRecord> | undefined = first
  const body = new ReadableStream<Uint8Array>({
    async pull (controller) {
      const next = pending ?? await records.next()
      pending = undefined
      if (next.done === true) {
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(JSON.stringify(next.value) + '\n'))
    },
    async cancel () {
      await records.return(undefined)
    }
  })
  return c.body(body, 200, {
    'Content-Type': NDJSON,
    'Cache-Control': `public, max-age=${first.done === true ? ROUTING_V1_EMPTY_MAX_AGE_S : ROUTING_V1_MAX_AGE_S}`
  })
}

function wantsNdjson (header: string | undefined): boolean {
  return header?.split(',').some(part => part.split(';')[0]?.trim().toLowerCase() === NDJSON) ?? false
}
