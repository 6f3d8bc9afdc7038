/**
 * The framework limit for the small-file gateway bench: a bare Hono server
 * on @hono/node-server answering every GET with the same bytes from memory,
 * with the headers a gateway sends. Prints its URL on stdout.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { smallFile } from './lib/bytes.ts'

const body = smallFile(Number(process.env.BENCH_BYTES ?? 1024), 0, 0)
const app = new Hono().get('/ipfs/:cid', (c) => c.body(body, 200, {
  'content-type': 'application/octet-stream',
  etag: `"${c.req.param('cid')}"`,
  'cache-control': 'public, max-age=29030400, immutable'
}))
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`)
})
process.on('SIGTERM', () => server.close())
