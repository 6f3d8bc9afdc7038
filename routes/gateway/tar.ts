import { tarOf } from '../../src/content/tar.ts'
import { toByteStream } from '../byte-stream.ts'
import { dispositionParams } from './context.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import type { GatewayContext } from './context.ts'
import type { ResolvedPath } from '../../src/gateway/resolve.ts'

/** Bytes of a tar read before the answer's status is sent, so that early failures still get an error status. */
const PRIMED_BYTES = 64 * 1024

/**
 * `?format=tar`: the UnixFS file or tree at the path as a tar stream, the
 * top entry named after the last path segment (or the CID). Generated, so
 * the Etag is weak (`W/"<cid>.x-tar"`). A failure within the first 64 KiB
 * (an entry escaping the root, a missing block) is an ordinary error answer;
 * a later one ends the stream with the error's text, so the archive is
 * visibly broken rather than silently short.
 */
export async function tarResponse (ctx: GatewayContext, resolved: ResolvedPath, segments: string[]): Promise<Response> {
  const cid = resolved.cid.toString()
  const name = segments.at(-1) ?? cid
  const etag = `W/"${cid}.x-tar"`
  const { filename, download } = dispositionParams(ctx)
  const headers: Record<string, string> = {
    ...contentHeaders(ctx.target, resolved.roots, cacheControl(ctx.target)),
    Etag: etag,
    'Content-Type': 'application/x-tar',
    'Content-Disposition': contentDisposition({ type: 'attachment', filename, download: download === 'false' ? undefined : 'true', fallbackName: `${name}.tar` }) ?? 'attachment',
    'X-Content-Type-Options': 'nosniff'
  }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [etag])) {
    return new Response(null, { status: 304, headers })
  }
  if (ctx.head) {
    return new Response(null, { status: 200, headers })
  }
  const tar = tarOf(ctx.retrieval.blocks, resolved.cid, '', { name, signal: ctx.retrieval.signal })
  const primed: Uint8Array[] = []
  let size = 0
  while (size < PRIMED_BYTES) {
    const next = await tar.next()
    if (next.done === true) {
      break
    }
    primed.push(next.value)
    size += next.value.byteLength
  }
  return new Response(toByteStream(rest(primed, tar)), { status: 200, headers })
}

async function * rest (primed: Uint8Array[], tar: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield * primed
  try {
    yield * tar
  } catch (err) {
    yield new TextEncoder().encode(`\n${(err as Error).message}\n`)
    throw err
  }
}
