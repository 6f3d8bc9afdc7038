import { createGzip, constants as zlib } from 'node:zlib'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { openFile } from '../../src/content/cat.ts'
import { tarOf } from '../../src/content/tar.ts'
import { UnsupportedContentError } from '../../src/errors.ts'
import { toByteStream } from '../byte-stream.ts'
import { requiredArg } from './args.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { CID } from 'multiformats/cid'

const query = z.object({
  archive: kuboBool.optional(),
  a: kuboBool.optional(),
  compress: kuboBool.optional(),
  C: kuboBool.optional(),
  'compression-level': z.coerce.number().int().min(-1).max(9).optional(),
  l: z.coerce.number().int().min(-1).max(9).optional()
})

/**
 * `POST /api/v0/get?arg=<path>`: a tar of the file or tree, as Kubo sends it;
 * gzipped with `compress`. A file asked for with `compress` but without
 * `archive` is sent as gzipped bytes, not a tar, and a directory asked for
 * that way is refused, as Kubo does. The path is resolved before the answer
 * starts, so content that is missing or late still gets its status.
 */
export function getRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const q = c.req.valid('query')
    const { cid, path } = parseCidPath(requiredArg(c, 'ipfs-path'))
    const compress = q.compress ?? q.C ?? false
    const archive = q.archive ?? q.a ?? false
    const level = q['compression-level'] ?? q.l ?? zlib.Z_DEFAULT_COMPRESSION
    const walkOptions = { idleTimeoutMs: node.config.fetchTimeoutMs, signal: commandSignal(c) }

    const bytes = await started(compress && !archive
      ? await regularFile(node, cid, path, walkOptions)
      : tarOf(node.helia.blockstore, cid, path, walkOptions))

    const body = compress ? gzip(bytes, level) : bytes
    return c.body(toByteStream(body), 200, {
      'Content-Type': compress ? 'application/gzip' : 'application/x-tar',
      'X-Stream-Output': '1'
    })
  })
}

/** The file's bytes; a directory can only travel as a tar, which `compress` without `archive` does not ask for. */
async function regularFile (node: RouteDeps['node'], cid: CID, path: string, options: { idleTimeoutMs: number, signal: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
  try {
    return (await openFile(node, cid, { path, ...options })).body
  } catch (err) {
    if ((err as Error).name === 'UnsupportedContentError') {
      // Kubo's words
      throw new UnsupportedContentError('file is not regular')
    }
    throw err
  }
}

/** Waits for the first chunk (the root resolved, its first block read), then streams all of them. */
async function started (source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const iterator = source[Symbol.asyncIterator]()
  const first = await iterator.next()
  return (async function * () {
    try {
      for (let next = first; next.done !== true; next = await iterator.next()) {
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  })()
}

function gzip (source: AsyncIterable<Uint8Array>, level: number): AsyncIterable<Uint8Array> {
  return Readable.from(source).pipe(createGzip({ level }))
}
