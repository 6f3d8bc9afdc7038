import { openRawBlock } from '../../src/gateway/raw-block.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import { retrievalPolicy } from './retrieval-policy.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/** Trustless gateway: the single raw block the target resolves to (`application/vnd.ipld.raw`). */
export async function rawBlockResponse (c: Context<AppEnv>, deps: RouteDeps, target: GatewayTarget): Promise<Response> {
  const retrieval = retrievalPolicy(c, deps)
  const block = await openRawBlock(retrieval.blocks, target.root, target.path, { signal: retrieval.signal })
  const headers: Record<string, string> = {
    ...contentHeaders(target, block.roots, cacheControl(target)),
    // a block's bytes are fixed by its CID: the strongest validator there is
    Etag: `"${block.cid.toString()}.raw"`,
    Vary: 'Accept'
  }
  if (ifNoneMatch(c.req.header('if-none-match'), [headers.Etag ?? ''])) {
    return c.body(null, 304, headers)
  }
  const bytes = await block.read()
  return c.body(new Uint8Array(bytes), 200, {
    ...headers,
    'Content-Type': 'application/vnd.ipld.raw',
    'Content-Length': bytes.byteLength.toString(),
    'Content-Disposition': contentDisposition({ type: 'attachment', filename: c.req.query('filename'), fallbackName: `${block.cid.toString()}.bin` }) ?? 'attachment',
    'X-Content-Type-Options': 'nosniff'
  })
}
