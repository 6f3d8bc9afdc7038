import { encodeBlockAs, formatOfCodec, MEDIA_TYPE_OF } from '../../src/gateway/dag-codecs.ts'
import { dispositionParams } from './context.ts'
import { DAG_INDEX_ETAG_PREFIX, dagIndexHtml } from './html/dag-index.ts'
import { bytesSource, sendRanged } from './ranged-body.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import type { GatewayContext } from './context.ts'
import type { DataFormat } from '../../src/gateway/dag-codecs.ts'
import type { ResolvedPath } from '../../src/gateway/resolve.ts'

/**
 * A block served as IPLD data: DAG-JSON, DAG-CBOR, JSON or CBOR, as asked
 * with `?format=`/`Accept`, else in its own codec. Converting decodes the
 * block with its codec (dag-pb in its logical form) and encodes it again;
 * what cannot be represented is a 406. A browser asking for a DAG-JSON or
 * DAG-CBOR block without a format gets an HTML view of it instead.
 */
export async function codecResponse (ctx: GatewayContext, resolved: ResolvedPath): Promise<Response> {
  const { cid } = resolved
  const own = formatOfCodec(cid.code)
  const asked = ctx.negotiated.format as DataFormat | undefined
  const { filename, download } = dispositionParams(ctx)
  const block = await ctx.retrieval.block(cid)

  if (asked == null && (own === 'dag-json' || own === 'dag-cbor') && ctx.negotiated.acceptsHtml && download !== 'true') {
    return htmlView(ctx, resolved, own, block)
  }
  const format = asked ?? own ?? 'dag-json'
  const bytes = asked == null ? block : encodeBlockAs(cid, block, asked)
  const etag = `"${cid.toString()}${asked == null ? '' : `.${asked}`}"`
  const textual = format === 'dag-json' || format === 'json'
  const headers: Record<string, string> = {
    ...contentHeaders(ctx.target, resolved.roots, cacheControl(ctx.target)),
    Etag: etag,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': contentDisposition({
      type: textual ? 'inline' : 'attachment',
      filename,
      download,
      fallbackName: `${cid.toString()}.${textual ? 'json' : 'cbor'}`
    }) ?? 'inline'
  }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [etag])) {
    return new Response(null, { status: 304, headers })
  }
  return sendRanged(bytesSource(bytes), { contentType: MEDIA_TYPE_OF[format], headers, head: ctx.head, range: ctx.c.req.header('range') })
}

function htmlView (ctx: GatewayContext, resolved: ResolvedPath, codec: DataFormat, block: Uint8Array): Response {
  const etag = `"${DAG_INDEX_ETAG_PREFIX}_CID-${resolved.cid.toString()}"`
  const headers = { ...contentHeaders(ctx.target, resolved.roots, undefined), Etag: etag }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [etag])) {
    return new Response(null, { status: 304, headers })
  }
  const value: unknown = JSON.parse(new TextDecoder().decode(encodeBlockAs(resolved.cid, block, 'dag-json')))
  const html = dagIndexHtml({
    contentPath: decodeURIComponent(ctx.target.contentPath),
    cid: resolved.cid,
    codec,
    json: JSON.stringify(value, null, 2),
    pathGateway: ctx.request.origin.pathGateway
  })
  return sendRanged(bytesSource(new TextEncoder().encode(html)), { contentType: 'text/html; charset=utf-8', headers, head: ctx.head, range: ctx.c.req.header('range') })
}
