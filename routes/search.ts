import { createRoute, z } from '@hono/zod-openapi'
import { MAX_SEARCH_HOPS, MAX_SEARCH_LIMIT, MAX_SEARCH_TIMEOUT_MS } from '../src/constants.ts'
import { parseGoDuration } from '../src/names/duration.ts'
import { SEARCH_ROUTES } from '../src/search/index.ts'
import { toByteStream } from './byte-stream.ts'
import { toHttpError } from './errors.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, bearer } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'
import type { SearchResult } from '../src/search/index.ts'

const NDJSON = 'application/x-ndjson'

/** `5000` (milliseconds) or a Go duration (`5s`, `1500ms`), as Kubo's `timeout`. */
const timeout = z.string().transform((value, ctx) => {
  try {
    return /^\d+$/.test(value) ? Number(value) : parseGoDuration(value, 'timeout')
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message })
    return z.NEVER
  }
}).pipe(z.number().int().min(1).max(MAX_SEARCH_TIMEOUT_MS))

const searchQuery = z.object({
  q: z.string().min(1).max(1024).openapi({ description: 'Words to find; a result matches all of them (the last letters of a word may be left out)' }),
  hops: z.coerce.number().int().min(0).max(MAX_SEARCH_HOPS).optional().openapi({ description: 'How far the query floods from neighbour to neighbour; 0 asks none. Default 3' }),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().openapi({ description: 'Most results. Default 20' }),
  timeout: timeout.optional().openapi({ type: 'string', description: 'When the search ends: milliseconds, or a duration such as `5s`. Default 5 s, at most 30 s' }),
  via: z.enum(SEARCH_ROUTES).optional().openapi({ description: '`flood` asks only neighbours, `routing` only the holders of the terms\' records; default both' })
})

const Result = z.object({
  cid: z.string().openapi({ description: 'The entry: a pin\'s root, or a file or folder in it' }),
  root: z.string().openapi({ description: 'The pin\'s root; `/ipfs/<root>/<path>` reaches the entry' }),
  name: z.string().openapi({ description: 'The pin\'s name' }),
  path: z.string().openapi({ description: 'Path of the entry within the pin; empty for the root' }),
  size: z.number().int(),
  score: z.number(),
  peer: z.object({ id: z.string(), addrs: z.array(z.string()) }).openapi({ description: 'The peer holding it, as it describes itself' }),
  via: z.union([z.enum(['local', 'routing']), z.object({ hops: z.number().int() })]).openapi({ description: '`local`: this node; `{hops}`: found by flooding, that many hops away; `routing`: a term record\'s holder, asked directly' })
}).openapi('SearchResult')

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['search'],
  security: bearer,
  summary: 'Search peers\' public pins',
  description: 'Asks this node\'s catalog, its neighbours (flooding, `hops` deep) and the holders of the terms\' records in the routing, all at once. ' +
    'Results stream as newline-delimited JSON as they arrive, each once, until `limit` or `timeout`. A result is a pointer: fetching its CID verifies the content.',
  request: { query: searchQuery },
  responses: { 200: { content: { [NDJSON]: { schema: Result } }, description: 'One result per line' }, ...AUTH_ERRORS }
})

const encoder = new TextEncoder()

/**
 * `GET /api/v1/search` (token, `read` scope): search across peers, results
 * as ndjson lines as they arrive. Bad input is a 400 before any line; an
 * error once lines have gone out ends the stream with an `{"error":…}` line.
 */
export function searchRoutes ({ node }: RouteDeps) {
  return openApiRoutes().openapi(route, (c) => {
    const q = c.req.valid('query')
    const results = node.search.search({ q: q.q, hops: q.hops, limit: q.limit, timeoutMs: q.timeout, via: q.via, signal: c.req.raw.signal })
    // the schema documents the lines; the body is built by hand
    return c.body(toByteStream(lines(results)), 200, { 'Content-Type': NDJSON, 'Cache-Control': 'no-store' }) as never
  })
}

async function * lines (results: AsyncIterable<SearchResult>): AsyncGenerator<Uint8Array> {
  try {
    for await (const result of results) {
      yield encoder.encode(JSON.stringify(result) + '\n')
    }
  } catch (err) {
    const error = toHttpError(err)
    yield encoder.encode(JSON.stringify({ error: { name: error.name, message: error.message } }) + '\n')
  }
}
