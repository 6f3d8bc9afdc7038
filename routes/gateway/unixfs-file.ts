import { Hono } from 'hono'
import { openFile } from '../../src/content/cat.ts'
import { parseCidPath } from '../../src/cid.ts'
import { toByteStream } from '../byte-stream.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

/** Content under /ipfs/ never changes: a year, as the gateway spec recommends. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=29030400, immutable'

/**
 * `GET /ipfs/<cid>`: a UnixFS file or raw block, from this node or fetched
 * from any peer that holds it, also at a path inside a directory.
 */
export function unixfsFileRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().get('/:cid{.+}', async (c) => {
    const { cid, path } = parseCidPath(c.req.param('cid'))
    // the file under root/path never changes, so the pair names it as well as its own CID would
    const etag = `"${cid.toString()}${path === '' ? '' : `/${path}`}"`
    const headers = {
      Etag: etag,
      'Cache-Control': IMMUTABLE_CACHE_CONTROL,
      'X-Ipfs-Path': `/ipfs/${cid.toString()}${path === '' ? '' : `/${path}`}`,
      'X-Ipfs-Roots': cid.toString()
    }
    if (c.req.header('if-none-match')?.split(',').some(tag => tag.trim().replace(/^W\//, '') === etag) === true) {
      return c.body(null, 304, headers)
    }
    const file = await openFile(node.fs, cid, { path, idleTimeoutMs: node.config.fetchTimeoutMs, signal: c.req.raw.signal })
    return c.body(toByteStream(file.body), 200, {
      ...headers,
      'Content-Type': 'application/octet-stream',
      'Content-Length': file.size.toString(),
      'X-Content-Type-Options': 'nosniff'
    })
  })
}
