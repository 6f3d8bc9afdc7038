import { openRawBlock } from '../../src/gateway/raw-block.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import { bytesSource, sendRanged } from './ranged-body.ts'
import { retrievalPolicy } from './retrieval-policy.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/**
 * Trustless gateway: the single raw block the target resolves to
 * (`application/vnd.ipld.raw`). A `Range` is served from the block's bytes
 * (206), as for any other body: a client resuming a large block, or reading
 * a header, need not take it whole.
 */
export async function rawBlockResponse (c: Context<AppEnv>, deps: RouteDeps, target: GatewayTarget): Promise<Response> {
  const retrieval = retrievalPolicy(c, deps, { peerScope: 'none' })
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
  return sendRanged(bytesSource(new Uint8Array(bytes)), {
    contentType: 'application/vnd.ipld.raw',
    headers: {
      ...headers,
      'Content-Disposition': contentDisposition({ type: 'attachment', filename: c.req.query('filename'), fallbackName: `${block.cid.toString()}.bin` }) ?? 'attachment',
      'X-Content-Type-Options': 'nosniff'
    },
    head: c.req.method === 'HEAD',
    range: c.req.header('range')
  })
}
