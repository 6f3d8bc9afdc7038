import { SNIFF_BYTES, sniffType, typeByName } from '../../src/gateway/content-type.ts'
import { fileBytes } from '../../src/gateway/file-bytes.ts'
import { bytesSource, sendRanged } from './ranged-body.ts'
import { dispositionParams } from './context.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import type { GatewayContext } from './context.ts'
import type { RangeSource } from './ranged-body.ts'
import type { UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

export interface FileAnswer {
  entry: UnixFSEntry
  /** `"<cid>"` of the file, or of its directory when it is that directory's index.html. */
  etag: string
  roots: CID[]
  /** Name whose extension gives the type (the last path segment); `?filename=` wins over it. */
  name?: string
  /** 200, or what a `_redirects` rule asks for (404, 410, 451). */
  status?: number
}

/**
 * A UnixFS file, raw block or symlink: `Content-Type` from the name's
 * extension, else sniffed from the first bytes; `Content-Length`; byte ranges;
 * `Content-Disposition` when `?filename=`/`?download=` ask; the strong Etag of
 * the CID (304 when `If-None-Match` has it). Only the blocks a range needs are
 * read, and a single-block file is sent from the block already in memory.
 */
export async function fileResponse (ctx: GatewayContext, answer: FileAnswer): Promise<Response> {
  const { filename, download } = dispositionParams(ctx)
  const headers: Record<string, string> = {
    ...contentHeaders(ctx.target, answer.roots, cacheControl(ctx.target)),
    Etag: answer.etag,
    'X-Content-Type-Options': 'nosniff'
  }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [answer.etag])) {
    return new Response(null, { status: 304, headers })
  }
  const source = fileSource(ctx, answer.entry)
  const contentType = typeByName(filename ?? answer.name) ?? sniffType(await first(source, SNIFF_BYTES), source.size <= SNIFF_BYTES)
  const disposition = contentDisposition({ type: 'inline', filename, download })
  if (disposition != null) {
    headers['Content-Disposition'] = disposition
  }
  return sendRanged(source, {
    contentType,
    headers,
    status: answer.status,
    head: ctx.head,
    range: ctx.c.req.header('range')
  })
}

function fileSource (ctx: GatewayContext, entry: UnixFSEntry): RangeSource {
  switch (entry.type) {
    case 'raw':
    case 'identity':
      return bytesSource(entry.node)
    case 'file':
      if (entry.unixfs.type === 'symlink') {
        // a symlink's target path is its content, as Kubo serves it
        return bytesSource(entry.unixfs.data ?? new Uint8Array())
      }
      if (entry.node.Links.length === 0) {
        return bytesSource(entry.unixfs.data ?? new Uint8Array())
      }
      return {
        size: Number(entry.size),
        read: (offset, length) => fileBytes({ blockstore: ctx.retrieval.blocks, getCodec: ctx.deps.node.helia.getCodec }, entry.cid, offset, length, { signal: ctx.retrieval.signal })
      }
    default:
      throw new Error(`${entry.cid.toString()} is a ${entry.type}, not a file`)
  }
}

/** The first bytes of the source, for sniffing; only the first block is read. */
async function first (source: RangeSource, bytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let have = 0
  for await (const chunk of source.read(0, Math.min(bytes, source.size))) {
    chunks.push(chunk)
    have += chunk.byteLength
    if (have >= bytes) {
      break
    }
  }
  return chunks.length === 1 && chunks[0] != null ? chunks[0] : Buffer.concat(chunks)
}
