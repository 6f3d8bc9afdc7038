import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { SNIFF_BYTES, sniffType, typeByName } from '../../src/gateway/content-type.ts'
import { fileBytes } from '../../src/gateway/file-bytes.ts'
import { takeAnswerHeaders } from '../middleware/answer-headers.ts'
import { bytesSource, sendRanged } from './ranged-body.ts'
import { dispositionParams } from './context.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import type { GatewayContext } from './context.ts'
import type { RangeSource } from './ranged-body.ts'
import type { GatewayFile, ResolvedFile } from '../../src/gateway/resolved-files.ts'
import type { UnixFSEntry } from 'ipfs-unixfs-exporter'

export interface FileAnswer {
  /** The file and the path to it; its `sniffed` type is filled in here when it is first sniffed. */
  resolved: ResolvedFile
  /** `"<cid>"` of the file, or of its directory when it is that directory's index.html. */
  etag: string
  /** Name whose extension gives the type (the last path segment); `?filename=` wins over it. */
  name?: string
  /** 200, or what a `_redirects` rule asks for (404, 410, 451). */
  status?: number
}

/** What the gateway needs to know of an exporter entry to send it; undefined for what is not a file. */
export function gatewayFile (entry: UnixFSEntry): GatewayFile | undefined {
  switch (entry.type) {
    case 'identity':
      return { cid: entry.cid, kind: 'identity', size: Number(entry.size) }
    case 'raw':
      return { cid: entry.cid, kind: 'raw', size: Number(entry.size) }
    case 'file':
      if (entry.unixfs.type === 'symlink') {
        return { cid: entry.cid, kind: 'symlink', size: entry.unixfs.data?.byteLength ?? 0 }
      }
      return { cid: entry.cid, kind: entry.node.Links.length === 0 ? 'single' : 'dag', size: Number(entry.size) }
    default:
      return undefined
  }
}

/**
 * A UnixFS file, raw block or symlink: `Content-Type` from the name's
 * extension, else sniffed from the first bytes; `Content-Length`; byte ranges;
 * `Content-Disposition` when `?filename=`/`?download=` ask; the strong Etag of
 * the CID (304 when `If-None-Match` has it). Only the blocks a range needs are
 * read, and a single-block file is sent from its block in one write.
 */
export async function fileResponse (ctx: GatewayContext, answer: FileAnswer): Promise<Response> {
  const { filename, download } = dispositionParams(ctx)
  const { resolved } = answer
  const headers: Record<string, string> = {
    ...contentHeaders(ctx.target, resolved.roots, cacheControl(ctx.target)),
    Etag: answer.etag,
    'X-Content-Type-Options': 'nosniff'
  }
  if (ifNoneMatch(ctx.c.req.header('if-none-match'), [answer.etag])) {
    return new Response(null, { status: 304, headers: { ...takeAnswerHeaders(ctx.c), ...headers } })
  }
  const source = await fileSource(ctx, resolved.file)
  let contentType = typeByName(filename ?? answer.name)
  if (contentType == null) {
    resolved.sniffed ??= sniffType(await first(source, SNIFF_BYTES), source.size <= SNIFF_BYTES)
    contentType = resolved.sniffed
  }
  const disposition = contentDisposition({ type: 'inline', filename, download })
  if (disposition != null) {
    headers['Content-Disposition'] = disposition
  }
  return sendRanged(source, {
    contentType,
    headers: { ...takeAnswerHeaders(ctx.c), ...headers },
    status: answer.status,
    head: ctx.head,
    range: ctx.c.req.header('range')
  })
}

async function fileSource (ctx: GatewayContext, file: GatewayFile): Promise<RangeSource> {
  switch (file.kind) {
    case 'identity':
      return bytesSource(file.cid.multihash.digest)
    case 'raw':
      return bytesSource(await ctx.retrieval.block(file.cid))
    case 'single':
    case 'symlink':
      // a symlink's target path is its content, as Kubo serves it
      return bytesSource(UnixFS.unmarshal(dagPb.decode(await ctx.retrieval.block(file.cid)).Data ?? new Uint8Array()).data ?? new Uint8Array())
    case 'dag':
      return {
        size: file.size,
        read: (offset, length) => fileBytes({ blockstore: ctx.retrieval.blocks, getCodec: ctx.deps.node.helia.getCodec }, file.cid, offset, length, { signal: ctx.retrieval.signal })
      }
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
