import { createMiddleware } from 'hono/factory'
import { createRoute, z } from '@hono/zod-openapi'
import { MethodNotAllowedError } from '../src/errors.ts'
import { isMultiaddrText } from '../src/network/multiaddr-text.ts'
import { MAX_CID_FILTER, MAX_LIST_LIMIT, NAME_MATCHES, PIN_REQUEST_STATUSES, parsePinCid } from '../src/pin-service/index.ts'
import { toHttpError } from './errors.ts'
import { authorize } from './middleware/authorize.ts'
import { openApiRoutes } from './openapi/app.ts'
import { bearer, json } from './openapi/schemas.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { HttpError } from './errors.ts'
import type { CairnNode } from '../src/node.ts'
import type { Tokens } from '../src/auth/tokens.ts'
import type { PinRequest } from '../src/pin-service/index.ts'

/** The spec's bounds on a pin's name and its lists of multiaddrs. */
const MAX_NAME_CHARS = 255
const MAX_MULTIADDRS = 20

const multiaddrString = z.string().refine(isMultiaddrText, 'expected a multiaddr')

const pinBody = z.object({
  cid: z.string().min(1),
  name: z.string().max(MAX_NAME_CHARS).optional(),
  origins: z.array(multiaddrString).max(MAX_MULTIADDRS).refine(unique, 'origins must be unique').optional(),
  meta: z.record(z.string(), z.string()).optional()
})

/** `?cid=a,b` (the spec's form style), also accepted repeated. */
const csv = z.union([z.string(), z.array(z.string())])
  .transform(value => [value].flat().flatMap(part => part.split(',')).filter(part => part !== ''))

const listQuery = z.object({
  cid: csv.pipe(z.array(z.string()).min(1).max(MAX_CID_FILTER).refine(unique, 'cid values must be unique')).optional(),
  name: z.string().max(MAX_NAME_CHARS).optional(),
  match: z.enum(NAME_MATCHES).optional(),
  status: csv.pipe(z.array(z.enum(PIN_REQUEST_STATUSES)).min(1).refine(unique, 'status values must be unique')).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  after: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
  meta: z.string().transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object' })
      return z.NEVER
    }
  }).pipe(z.record(z.string(), z.string())).optional()
})

// component names as the frozen spec's (Pin, PinStatus, PinResults, Failure), so a client or test can read either document
const PinError = z.object({ error: z.object({ reason: z.string(), details: z.string().optional() }) }).openapi('Failure')
const PinStatus = z.object({
  requestid: z.string(),
  status: z.enum(PIN_REQUEST_STATUSES),
  created: z.string().openapi({ format: 'date-time' }),
  pin: z.object({ cid: z.string(), name: z.string().max(MAX_NAME_CHARS).optional(), origins: z.array(z.string()).max(MAX_MULTIADDRS), meta: z.record(z.string(), z.string()) }),
  delegates: z.array(z.string()).min(1).max(MAX_MULTIADDRS),
  info: z.record(z.string(), z.string())
}).openapi('PinStatus')
const requestParam = z.object({ requestid: z.string().openapi({ param: { name: 'requestid', in: 'path' } }) })
const PinResults = z.object({ count: z.number().int().min(0), results: z.array(PinStatus).max(MAX_LIST_LIMIT) }).openapi('PinResults')
const pinJson = { body: { content: { 'application/json': { schema: pinBody.openapi('Pin') } }, required: true } }
const errors = {
  400: json(PinError, 'Bad request'),
  401: json(PinError, 'No token or an invalid one'),
  403: json(PinError, 'The token lacks the pin scope'),
  404: json(PinError, 'No such request')
}
const tags = ['pinning service']
const routes = {
  list: createRoute({ method: 'get', path: '/', tags, security: bearer, summary: 'List pin requests', request: { query: listQuery }, responses: { 200: json(PinResults, 'Matching requests, newest first'), ...errors } }),
  add: createRoute({ method: 'post', path: '/', tags, security: bearer, summary: 'Pin a CID', request: pinJson, responses: { 202: json(PinStatus, 'Queued (or already pinned)'), ...errors } }),
  get: createRoute({ method: 'get', path: '/{requestid}', tags, security: bearer, summary: 'One pin request', request: { params: requestParam }, responses: { 200: json(PinStatus, 'The request'), ...errors } }),
  replace: createRoute({ method: 'post', path: '/{requestid}', tags, security: bearer, summary: 'Replace a pin request', request: { params: requestParam, ...pinJson }, responses: { 202: json(PinStatus, 'The new request'), ...errors } }),
  remove: createRoute({ method: 'delete', path: '/{requestid}', tags, security: bearer, summary: 'Remove a pin request', request: { params: requestParam }, responses: { 202: { description: 'Removed' }, ...errors } })
}

export interface PinsDeps extends RouteDeps {
  /** Pinning Service API access tokens are API tokens with the `pin` scope. */
  tokens: Tokens
}

/**
 * The IPFS Pinning Service API (v1.0.0): `/pins` and `/pins/<requestid>`,
 * behind the bearer token, with the spec's bodies, 202s and error shape.
 * Requests are queued here and pinned by the node's background worker.
 */
export function pinsRoutes ({ node, tokens }: PinsDeps) {
  const service = node.pinService
  const app = openApiRoutes()
  app.use(pinningServiceErrors, authorize(tokens))
  return app
    .openapi(routes.list, (c) => {
      const q = c.req.valid('query')
      const page = service.list({
        cids: q.cid?.map(parsePinCid),
        name: q.name,
        match: q.match,
        status: q.status,
        before: q.before == null ? undefined : new Date(q.before),
        after: q.after == null ? undefined : new Date(q.after),
        meta: q.meta,
        limit: q.limit
      })
      return c.json({ count: page.count, results: page.results.map(request => pinStatus(node, request)) }, 200)
    })
    .openapi(routes.add, async (c) => {
      const request = await service.add(pinSpec(c.req.valid('json')))
      return c.json(pinStatus(node, request), 202)
    })
    .openapi(routes.get, (c) => c.json(pinStatus(node, service.get(c.req.valid('param').requestid)), 200))
    .openapi(routes.replace, async (c) => {
      const request = await service.replace(c.req.valid('param').requestid, pinSpec(c.req.valid('json')))
      return c.json(pinStatus(node, request), 202)
    })
    .openapi(routes.remove, async (c) => {
      await service.remove(c.req.valid('param').requestid)
      return c.body(null, 202)
    })
    .all('/', () => { throw new MethodNotAllowedError('use GET or POST on /pins') })
    .all('/:requestid', () => { throw new MethodNotAllowedError('use GET, POST or DELETE on /pins/<requestid>') })
}

/**
 * The spec's error body, `{"error":{"reason","details"}}`, in place of the
 * app's: the app's error handler has already classified (and logged) the
 * error, so the status and message are reused as they are.
 */
const pinningServiceErrors = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.error != null) {
    const error = toHttpError(c.error)
    c.res = undefined
    c.res = c.json(failure(error), error.status)
  }
})

const REASONS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  500: 'INTERNAL_SERVER_ERROR'
}

function failure (error: HttpError): { error: { reason: string, details: string } } {
  const reason = REASONS[error.status] ?? error.name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
  return { error: { reason, details: error.message } }
}

function pinSpec (body: z.infer<typeof pinBody>) {
  parsePinCid(body.cid)
  return { cid: body.cid, name: body.name, origins: body.origins ?? [], meta: body.meta ?? {} }
}

/** The spec's PinStatus; `info` says where a queued request waits, how far a running one got, or why one failed. */
function pinStatus (node: CairnNode, request: PinRequest) {
  const { pin } = request
  return {
    requestid: request.requestid,
    status: request.status,
    created: request.created,
    pin: { cid: pin.cid, ...(pin.name == null ? {} : { name: pin.name }), origins: pin.origins, meta: pin.meta },
    delegates: delegates(node),
    info: info(node, request)
  }
}

function info (node: CairnNode, request: PinRequest): Record<string, string> {
  const progress = { blocks: String(request.progress.blocks), bytes: String(request.progress.bytes) }
  switch (request.status) {
    case 'queued': {
      const place = node.pinService.queuePosition(request.requestid)
      return { status_details: place == null ? 'queued' : `queue position: ${place.position} of ${place.of}`, ...progress }
    }
    case 'pinning':
      return { status_details: `fetched ${progress.blocks} blocks (${progress.bytes} bytes)`, ...progress }
    case 'failed':
      return { status_details: request.reason ?? 'failed', ...progress }
    case 'pinned':
      return progress
  }
}

/** Where clients should send the data: this node's listen addresses, each ending in /p2p/<peer id>. */
function delegates (node: CairnNode): string[] {
  const { libp2p } = node.helia
  const id = libp2p.peerId.toString()
  const addresses = libp2p.getMultiaddrs().map(ma => ma.toString()).filter(ma => ma.endsWith(`/p2p/${id}`))
  const distinct = [...new Set(addresses)].slice(0, MAX_MULTIADDRS)
  return distinct.length > 0 ? distinct : [`/p2p/${id}`]
}

function unique (values: string[]): boolean {
  return new Set(values).size === values.length
}
