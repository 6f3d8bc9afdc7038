import { listForIndex } from '../../src/gateway/listing.ts'
import { resolvePath } from '../../src/gateway/resolve.ts'
import { DIR_INDEX_ETAG_PREFIX, dirListingHtml } from './html/dir-listing.ts'
import { bytesSource, sendRanged } from './ranged-body.ts'
import { cacheControl, contentHeaders, GENERATED_CACHE_CONTROL, ifNoneMatch } from './headers.ts'
import { fileResponse, gatewayFile } from './unixfs-file.ts'
import type { GatewayContext } from './context.ts'
import type { ResolvedPath } from '../../src/gateway/resolve.ts'
import type { UnixFSDirectory } from 'ipfs-unixfs-exporter'

/**
 * A UnixFS directory (HAMT-sharded too). Without a trailing slash in the URL
 * it is a 301 to the same URL with one, so relative links and service worker
 * scopes work; then its `index.html` if it has one (Etag and roots of the
 * directory), else a generated HTML listing with a `DirIndex-…` Etag.
 */
export async function directoryResponse (ctx: GatewayContext, resolved: ResolvedPath, segments: string[], directory: UnixFSDirectory): Promise<Response> {
  if (!ctx.request.trailingSlash) {
    // the path exactly as the client encoded it (boxo keeps its escapes), plus the slash
    const location = `${ctx.url.pathname}/${ctx.url.search}`
    return new Response(null, { status: 301, headers: { Location: location, ...contentHeaders(ctx.target, resolved.roots, cacheControl(ctx.target)) } })
  }
  const index = await indexHtml(ctx, resolved)
  const file = index?.entry == null ? undefined : gatewayFile(index.entry)
  if (file != null) {
    return fileResponse(ctx, { resolved: { file, roots: resolved.roots }, etag: `"${resolved.cid.toString()}"`, name: 'index.html' })
  }

  const etag = `"${DIR_INDEX_ETAG_PREFIX}_CID-${resolved.cid.toString()}"`
  const headers = {
    ...contentHeaders(ctx.target, resolved.roots, cacheControl(ctx.target, GENERATED_CACHE_CONTROL)),
    Etag: etag
  }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [etag, `"${resolved.cid.toString()}"`])) {
    return new Response(null, { status: 304, headers })
  }
  const html = dirListingHtml({
    namespace: ctx.request.namespace,
    name: ctx.request.name,
    segments: ctx.request.segments,
    prefix: ctx.request.origin.prefix,
    pathGateway: ctx.request.origin.pathGateway,
    cid: resolved.cid,
    entries: await listForIndex(ctx.retrieval, directory)
  })
  return sendRanged(bytesSource(new TextEncoder().encode(html)), {
    contentType: 'text/html; charset=utf-8',
    headers,
    head: ctx.head,
    range: ctx.c.req.header('range')
  })
}

/** The directory's index.html when it has one that is a file; undefined otherwise. */
async function indexHtml (ctx: GatewayContext, directory: ResolvedPath): Promise<ResolvedPath | undefined> {
  try {
    const index = await resolvePath(ctx.retrieval, directory.cid, ['index.html'])
    return index.entry == null || index.entry.type === 'directory' || index.entry.type === 'object' ? undefined : index
  } catch (err) {
    if ((err as Error).name === 'ContentNotFoundError') {
      return undefined
    }
    throw err
  }
}
