import { createGzip, constants as zlib } from 'node:zlib'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { openFile } from '../../src/content/cat.ts'
import { tarOf } from '../../src/content/tar.ts'
import { toByteStream } from '../byte-stream.ts'
import { requiredArg } from './args.ts'
import { kuboBool, kuboQuery } from './validate.ts'
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
 * `archive` is sent as gzipped bytes, not a tar, as Kubo does.
 */
export function getRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const q = c.req.valid('query')
    const { cid, path } = parseCidPath(requiredArg(c, 'ipfs-path'))
    const compress = q.compress ?? q.C ?? false
    const archive = q.archive ?? q.a ?? false
    const level = q['compression-level'] ?? q.l ?? zlib.Z_DEFAULT_COMPRESSION
    const walkOptions = { idleTimeoutMs: node.config.fetchTimeoutMs, signal: c.req.raw.signal }

    const bytes = compress && !archive
      ? await gzippableFile(node, cid, path, walkOptions) ?? tarOf(node.helia.blockstore, cid, path, walkOptions)
      : tarOf(node.helia.blockstore, cid, path, walkOptions)

    const body = compress ? gzip(bytes, level) : bytes
    return c.body(toByteStream(body), 200, {
      'Content-Type': compress ? 'application/gzip' : 'application/x-tar',
      'X-Stream-Output': '1'
    })
  })
}

/** The file's bytes, or undefined when the path is a directory (which can only travel as a tar). */
async function gzippableFile (node: RouteDeps['node'], cid: CID, path: string, options: { idleTimeoutMs: number, signal: AbortSignal }): Promise<AsyncIterable<Uint8Array> | undefined> {
  try {
    return (await openFile(node.fs, cid, { path, ...options })).body
  } catch (err) {
    if ((err as Error).name === 'UnsupportedContentError') {
      return undefined
    }
    throw err
  }
}

function gzip (source: AsyncIterable<Uint8Array>, level: number): AsyncIterable<Uint8Array> {
  return Readable.from(source).pipe(createGzip({ level }))
}
