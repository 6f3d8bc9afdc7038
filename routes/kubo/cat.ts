import { Hono } from 'hono'
import { z } from 'zod'
import { openFile } from '../../src/content/cat.ts'
import { parseCidPath } from '../../src/cid.ts'
import { toByteStream } from '../byte-stream.ts'
import { kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const query = z.object({
  arg: z.string(),
  offset: z.coerce.number().int().min(0).optional(),
  length: z.coerce.number().int().min(0).optional()
})

/** `POST /api/v0/cat?arg=<cid>`: the file's bytes, streamed as they arrive. */
export function catRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const { arg, offset, length } = c.req.valid('query')
    const { cid, path } = parseCidPath(arg)
    const file = await openFile(node, cid, { path, offset, length, idleTimeoutMs: node.config.fetchTimeoutMs, signal: commandSignal(c) })
    return c.body(toByteStream(file.body), 200, {
      'Content-Type': 'text/plain',
      'X-Stream-Output': '1',
      'X-Content-Length': file.size.toString()
    })
  })
}
