import { createRoute, z } from '@hono/zod-openapi'
import { CID } from 'multiformats/cid'
import { findPinEntry, listPinPage } from '../src/pins.ts'
import { PIN_REQUEST_STATUSES } from '../src/pin-service/index.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, bearer, json } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'
import type { CairnNode } from '../src/node.ts'
import type { PinPageEntry } from '../src/pins.ts'
import type { PinRequest } from '../src/pin-service/index.ts'

/** @default 50 */
const DEFAULT_PAGE_LIMIT = 50
const MAX_PAGE_LIMIT = 500

const listQuery = z.object({
  q: z.string().max(255).optional().openapi({ description: 'A CID (exact, either version) or part of a pin name (any case)' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional().openapi({ description: `Pins per page; ${DEFAULT_PAGE_LIMIT} by default` }),
  after: z.string().regex(/^k[0-9a-z]+$/).optional().openapi({ description: 'The `next` cursor of the previous page' })
})

const RequestBody = z.object({
  requestid: z.string(),
  status: z.enum(PIN_REQUEST_STATUSES),
  blocks: z.number().openapi({ description: 'Blocks of the DAG walked or fetched so far' }),
  bytes: z.number(),
  reason: z.string().nullable()
})

const ListedPin = z.object({
  cid: z.string(),
  name: z.string().openapi({ description: 'The pin\'s name, or its pin request\'s; \'\' when it has none' }),
  type: z.enum(['recursive', 'direct']).nullable().openapi({ description: 'null while a pin request has not pinned it yet' }),
  status: z.enum(PIN_REQUEST_STATUSES),
  created: z.string().openapi({ format: 'date-time' }).nullable(),
  size: z.number().nullable().openapi({ description: 'Cumulative bytes as the root block tells them; null when the root is not here' }),
  requests: z.array(RequestBody).openapi({ description: 'Pinning Service API requests for this CID' })
}).openapi('ListedPin')

const PinList = z.object({
  pins: z.array(ListedPin),
  next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last' })
}).openapi('PinList')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    tags: ['pins'],
    security: bearer,
    summary: 'Every pin, however made',
    description: 'Pins made through Kubo\'s RPC (`pin/add`, `add`), the Pinning Service API and Cairn itself, in one list. ' +
      'Pin requests not pinned yet (queued, pinning, failed) come first on the first page. Pages follow a cursor, so page 1,000 ' +
      'of 100,000 pins costs what page 1 does. To unpin, `DELETE /pins/{requestid}` each of its requests, or, when it has none, `POST /api/v0/pin/rm`.',
    request: { query: listQuery },
    responses: { 200: json(PinList, 'One page of pins'), ...AUTH_ERRORS }
  })
}

/** `GET /api/v1/pins`: the one pin list for people and tools (token, `read` scope). */
export function pinListRoutes ({ node }: RouteDeps) {
  return openApiRoutes().openapi(routes.list, async (c) => {
    const { q, limit = DEFAULT_PAGE_LIMIT, after } = c.req.valid('query')
    const signal = c.req.raw.signal
    const cid = q == null ? undefined : parseCid(q.trim())
    if (cid != null) {
      const pin = await findPinEntry(node.helia, node.localBlocks, cid, { signal })
      const requests = requestsFor(node, [cid])
      const pins = pin != null ? [listed(pin, requests)] : waiting(requests, undefined)
      return c.json({ pins, next: null }, 200)
    }
    const page = await listPinPage(node.helia, node.localBlocks, { after, limit, name: q, signal })
    const requests = requestsFor(node, page.pins.map(pin => pin.cid))
    const pins = [...(after == null ? waiting(node.pinService.list({ status: ['queued', 'pinning', 'failed'], limit: Infinity }).results, q) : []), ...page.pins.map(pin => listed(pin, requests))]
    return c.json({ pins, next: page.next ?? null }, 200)
  })
}

function parseCid (value: string): CID | undefined {
  try {
    return CID.parse(value)
  } catch {
    return undefined
  }
}

function requestsFor (node: CairnNode, cids: CID[]): PinRequest[] {
  return cids.length === 0 ? [] : node.pinService.list({ cids, status: [...PIN_REQUEST_STATUSES], limit: Infinity }).results
}

function sameCid (a: string, b: CID): boolean {
  return CID.parse(a).toV1().equals(b.toV1())
}

function listed (pin: PinPageEntry, requests: PinRequest[]) {
  const mine = requests.filter(request => sameCid(request.pin.cid, pin.cid))
  return {
    cid: pin.cid.toString(),
    name: pin.name !== '' ? pin.name : (mine.find(request => request.pin.name != null)?.pin.name ?? ''),
    type: pin.type,
    status: 'pinned' as const,
    created: (pin.created ?? oldest(mine))?.toISOString() ?? null,
    size: pin.size ?? null,
    requests: mine.map(requestJson)
  }
}

/** Pin requests that hold no pin yet, newest first, as list entries; `q` filters by name. */
function waiting (requests: PinRequest[], q: string | undefined) {
  const wanted = q?.toLowerCase()
  return requests
    .filter(request => request.status !== 'pinned' && (wanted == null || (request.pin.name ?? '').toLowerCase().includes(wanted)))
    .map(request => ({
      cid: request.pin.cid,
      name: request.pin.name ?? '',
      type: null,
      status: request.status,
      created: request.created,
      size: null,
      requests: [requestJson(request)]
    }))
}

function oldest (requests: PinRequest[]): Date | undefined {
  const times = requests.map(request => Date.parse(request.created))
  return times.length === 0 ? undefined : new Date(Math.min(...times))
}

function requestJson (request: PinRequest) {
  return { requestid: request.requestid, status: request.status, blocks: request.progress.blocks, bytes: request.progress.bytes, reason: request.reason ?? null }
}
