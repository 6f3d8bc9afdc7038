import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { contentDisposition, ifNoneMatch } from './headers.ts'
import { requestSignal } from '../middleware/request-deadline.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

/** Trustless gateway: the signed IPNS record of a name (`application/vnd.ipfs.ipns-record`). */
export async function ipnsRecordResponse (c: Context<AppEnv>, { node }: RouteDeps, name: string): Promise<Response> {
  const { record } = await node.names.record(name, { signal: requestSignal(c) })
  const headers: Record<string, string> = {
    // the record names its own bytes: a new record is a new Etag
    Etag: `"${CID.createV1(raw.code, await sha256.digest(record.bytes)).toString()}"`,
    // as signed: clients check the record's EOL themselves
    'Cache-Control': `public, max-age=${Math.floor(record.ttlMs / 1000)}`,
    'X-Ipfs-Path': `/ipns/${name}`,
    Vary: 'Accept'
  }
  if (ifNoneMatch(c.req.header('if-none-match'), [headers.Etag ?? ''])) {
    return c.body(null, 304, headers)
  }
  return c.body(new Uint8Array(record.bytes), 200, {
    ...headers,
    'Content-Type': 'application/vnd.ipfs.ipns-record',
    'Content-Length': record.bytes.byteLength.toString(),
    'Content-Disposition': contentDisposition({ type: 'attachment', filename: c.req.query('filename'), fallbackName: `${name}.ipns-record` }) ?? 'attachment',
    'X-Content-Type-Options': 'nosniff'
  })
}
