import { Hono } from 'hono'
import { z } from 'zod'
import { validated } from './validated.ts'
import type { AppEnv, RouteDeps } from './env.ts'
import type { HeldName, PublishedName } from '../src/names/index.ts'

const publishBody = z.strictObject({
  /** `/ipfs/<cid>[/path]`, a bare CID, or `/ipns/<name>[/path]`. */
  value: z.string().min(1),
  key: z.string().min(1).optional(),
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
  /** The signed record in base64 (or base64url); without it, Cairn looks the name up. */
  record: z.string().regex(/^[A-Za-z0-9+/_-]+=*$/, 'expected base64').optional()
})

/**
 * `/api/v1/names`: Cairn's own JSON API for IPNS names (behind the API token,
 * as all of /api). Own names (published here, re-signed by the republisher),
 * resolving, and kept names (names Cairn holds no key for, re-put until their
 * EOL). Documented in routes/names.openapi.yaml.
 */
export function namesRoutes ({ node }: RouteDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const names = await node.names.listOwn({ signal: c.req.raw.signal })
      return c.json({ names: names.map(heldJson) })
    })
    .post('/', validated('json', publishBody), async (c) => {
      const body = c.req.valid('json')
      const published = await node.names.publish(body.value, { ...body, signal: c.req.raw.signal })
      return c.json(publishedJson(published))
    })
    .get('/resolve', validated('query', resolveQuery), async (c) => {
      const { name, nocache, recursive } = c.req.valid('query')
      const { path, ttlMs } = await node.names.resolve(name, { nocache, recursive, signal: c.req.raw.signal })
      return c.json({ name, path, ttlMs })
    })
    .get('/kept', async (c) => {
      const names = await node.names.listKept({ signal: c.req.raw.signal })
      return c.json({ names: names.map(heldJson) })
    })
    .post('/kept', validated('json', keepBody), async (c) => {
      const { name, record } = c.req.valid('json')
      const kept = await node.names.keep(name, {
        record: record == null ? undefined : Buffer.from(record, 'base64'),
        signal: c.req.raw.signal
      })
      return c.json({ result: kept.result, ...heldJson(kept.name) }, kept.result === 'added' ? 201 : 200)
    })
    .get('/kept/:name', async (c) => {
      return c.json(heldJson(await node.names.kept(c.req.param('name'), { signal: c.req.raw.signal })))
    })
    .delete('/kept/:name', async (c) => {
      return c.json(heldJson(await node.names.unkeep(c.req.param('name'), { signal: c.req.raw.signal })))
    })
}

/** Validation failures are the API's usual 400, naming the field. */

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
