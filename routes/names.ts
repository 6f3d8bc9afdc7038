import { createRoute, z } from '@hono/zod-openapi'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, ErrorBody, bearer, json } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'
import type { HeldName, PublishedName } from '../src/names/index.ts'

const publishBody = z.strictObject({
  value: z.string().min(1).openapi({ description: '`/ipfs/<cid>[/path]`, a bare CID, or `/ipns/<name>[/path]`' }),
  key: z.string().min(1).optional().openapi({ description: 'Key name in the keychain; `self` by default' }),
  lifetimeMs: z.number().int().positive().optional(),
  ttlMs: z.number().int().min(0).optional(),
  sequence: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform(BigInt).optional(),
  v1Compatible: z.boolean().optional(),
  resolve: z.boolean().optional(),
  allowOffline: z.boolean().optional()
})

const resolveQuery = z.object({
  name: z.string().min(1),
  nocache: z.enum(['true', 'false']).transform(v => v === 'true').optional(),
  recursive: z.enum(['true', 'false']).transform(v => v === 'true').optional()
})

const keepBody = z.strictObject({
  name: z.string().min(1),
  record: z.string().regex(/^[A-Za-z0-9+/_-]+=*$/, 'expected base64').optional()
    .openapi({ description: 'The signed record in base64 (or base64url); without it, Cairn looks the name up' })
})

const nameParam = z.object({ name: z.string().min(1).openapi({ param: { name: 'name', in: 'path' } }) })

const isoTime = z.string().openapi({ format: 'date-time' })

const HeldNameBody = z.object({
  name: z.string().openapi({ description: 'The name as base36 CIDv1 (`k51…`)' }),
  kind: z.enum(['own', 'kept']),
  key: z.string().nullable(),
  value: z.string(),
  sequence: z.string().openapi({ description: 'uint64, as a string' }),
  eol: isoTime,
  ttlMs: z.number(),
  v1Compatible: z.boolean(),
  lifetimeMs: z.number().nullable(),
  addedAt: isoTime,
  lastPublished: isoTime.nullable(),
  lastPeers: z.number().nullable(),
  lastError: z.string().nullable(),
  nextPublish: isoTime.nullable()
}).openapi('HeldName')

const PublishedBody = z.object({
  name: z.string(),
  key: z.string(),
  value: z.string(),
  sequence: z.string(),
  eol: isoTime,
  peers: z.number().openapi({ description: 'Peers that took the record' })
}).openapi('PublishedName')

const NameList = z.object({ names: z.array(HeldNameBody) })
const tags = ['names']

const routes = {
  listOwn: createRoute({ method: 'get', path: '/', tags, security: bearer, summary: 'Names this node publishes', responses: { 200: json(NameList, 'Own names'), ...AUTH_ERRORS } }),
  publish: createRoute({
    method: 'post',
    path: '/',
    tags,
    security: bearer,
    summary: 'Publish a name',
    request: { body: { content: { 'application/json': { schema: publishBody } }, required: true } },
    responses: { 200: json(PublishedBody, 'The record was signed, stored and put'), ...AUTH_ERRORS, 404: json(ErrorBody, 'No such key'), 503: json(ErrorBody, 'No peer took the record') }
  }),
  resolve: createRoute({
    method: 'get',
    path: '/resolve',
    tags,
    security: bearer,
    summary: 'Resolve a name',
    request: { query: resolveQuery },
    responses: { 200: json(z.object({ name: z.string(), path: z.string(), ttlMs: z.number() }), 'What the name points at'), ...AUTH_ERRORS, 404: json(ErrorBody, 'No record found') }
  }),
  listKept: createRoute({ method: 'get', path: '/kept', tags, security: bearer, summary: 'Names kept alive for others', responses: { 200: json(NameList, 'Kept names'), ...AUTH_ERRORS } }),
  keep: createRoute({
    method: 'post',
    path: '/kept',
    tags,
    security: bearer,
    summary: 'Keep a name alive',
    request: { body: { content: { 'application/json': { schema: keepBody } }, required: true } },
    responses: {
      200: json(HeldNameBody.extend({ result: z.string() }), 'Already kept; the record was updated or unchanged'),
      201: json(HeldNameBody.extend({ result: z.string() }), 'Now kept'),
      ...AUTH_ERRORS,
      409: json(ErrorBody, 'A newer record is already held')
    }
  }),
  kept: createRoute({ method: 'get', path: '/kept/{name}', tags, security: bearer, summary: 'One kept name', request: { params: nameParam }, responses: { 200: json(HeldNameBody, 'The kept name'), ...AUTH_ERRORS, 404: json(ErrorBody, 'Not kept') } }),
  unkeep: createRoute({ method: 'delete', path: '/kept/{name}', tags, security: bearer, summary: 'Stop keeping a name', request: { params: nameParam }, responses: { 200: json(HeldNameBody, 'What was kept'), ...AUTH_ERRORS, 404: json(ErrorBody, 'Not kept') } })
}

/**
 * `/api/v1/names`: Cairn's own JSON API for IPNS names (token, `names`
 * scope). Own names (published here, re-signed by the republisher),
 * resolving, and kept names (names Cairn holds no key for, re-put until
 * their EOL). Described in the OpenAPI document at /api/v1/openapi.json.
 */
export function namesRoutes ({ node }: RouteDeps) {
  return openApiRoutes()
    .openapi(routes.listOwn, async (c) => {
      const names = await node.names.listOwn({ signal: c.req.raw.signal })
      return c.json({ names: names.map(heldJson) }, 200)
    })
    .openapi(routes.publish, async (c) => {
      const body = c.req.valid('json')
      const published = await node.names.publish(body.value, { ...body, signal: c.req.raw.signal })
      return c.json(publishedJson(published), 200)
    })
    .openapi(routes.resolve, async (c) => {
      const { name, nocache, recursive } = c.req.valid('query')
      const { path, ttlMs } = await node.names.resolve(name, { nocache, recursive, signal: c.req.raw.signal })
      return c.json({ name, path, ttlMs }, 200)
    })
    .openapi(routes.listKept, async (c) => {
      const names = await node.names.listKept({ signal: c.req.raw.signal })
      return c.json({ names: names.map(heldJson) }, 200)
    })
    .openapi(routes.keep, async (c) => {
      const { name, record } = c.req.valid('json')
      const kept = await node.names.keep(name, {
        record: record == null ? undefined : Buffer.from(record, 'base64'),
        signal: c.req.raw.signal
      })
      const body = { result: kept.result, ...heldJson(kept.name) }
      return kept.result === 'added' ? c.json(body, 201) : c.json(body, 200)
    })
    .openapi(routes.kept, async (c) => c.json(heldJson(await node.names.kept(c.req.valid('param').name, { signal: c.req.raw.signal })), 200))
    .openapi(routes.unkeep, async (c) => c.json(heldJson(await node.names.unkeep(c.req.valid('param').name, { signal: c.req.raw.signal })), 200))
}

function heldJson (name: HeldName) {
  return {
    name: name.name,
    kind: name.kind,
    key: name.key ?? null,
    value: name.value,
    // a uint64: as a string, so that no client rounds it
    sequence: name.sequence.toString(),
    eol: name.eol.toISOString(),
    ttlMs: name.ttlMs,
    v1Compatible: name.v1Compatible,
    lifetimeMs: name.lifetimeMs ?? null,
    addedAt: name.addedAt.toISOString(),
    lastPublished: name.lastPutAt?.toISOString() ?? null,
    lastPeers: name.lastPeers ?? null,
    lastError: name.lastError ?? null,
    nextPublish: name.nextAt?.toISOString() ?? null
  }
}

function publishedJson (published: PublishedName) {
  return {
    name: published.name,
    key: published.key,
    value: published.value,
    sequence: published.sequence.toString(),
    eol: published.eol.toISOString(),
    peers: published.peers
  }
}
