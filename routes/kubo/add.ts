import { Hono } from 'hono'
import { z } from 'zod'
import { addFile } from '../../src/content/add.ts'
import { announce } from '../../src/content/announce.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { multipartFiles } from '../multipart.ts'
import { kuboBool, kuboChunker, kuboQuery } from './validate.ts'
import type { AddedFile } from '../../src/content/add.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const query = z.object({
  'cid-version': z.enum(['0', '1']).transform(Number).pipe(z.union([z.literal(0), z.literal(1)])).optional(),
  'raw-leaves': kuboBool.optional(),
  chunker: kuboChunker.optional(),
  pin: kuboBool.optional()
})

/** `POST /api/v0/add`: files from a streamed multipart body, one ndjson line each. */
export function addRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const params = c.req.valid('query')
    const added: AddedFile[] = []
    for await (const part of multipartFiles(c.req.raw.body, c.req.header('content-type'), c.req.raw.signal)) {
      if (part.contentType === 'application/x-directory') {
        continue
      }
      added.push(await addFile(node, { name: part.filename === '' ? undefined : part.filename, content: part.content }, {
        cidVersion: params['cid-version'],
        rawLeaves: params['raw-leaves'],
        chunkSize: params.chunker,
        pin: params.pin,
        signal: c.req.raw.signal
      }))
    }
    if (added.length === 0) {
      throw new InvalidArgumentError('the request has no file part')
    }
    for (const file of added) {
      announce(node, file.cid)
    }
    const lines = added.map(file => JSON.stringify({ Name: file.name, Hash: file.cid.toString(), Size: file.size.toString() }))
    return c.body(lines.join('\n') + '\n', 200, { 'Content-Type': 'application/json', 'X-Chunked-Output': '1' })
  })
}
