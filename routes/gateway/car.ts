import { openCar } from '../../src/gateway/car/open.ts'
import { carContentType, carEtag, parseCarParams } from '../../src/gateway/car/params.ts'
import { toByteStream } from '../byte-stream.ts'
import { cacheControl, contentDisposition, contentHeaders, ifNoneMatch } from './headers.ts'
import { retrievalPolicy } from './retrieval-policy.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/** Trustless gateway: a CAR of the target (`application/vnd.ipld.car`, dag-scope, entity-bytes). */
export async function carResponse (c: Context<AppEnv>, deps: RouteDeps, target: GatewayTarget): Promise<Response> {
  const params = parseCarParams({
    dagScope: c.req.query('dag-scope'),
    entityBytes: c.req.query('entity-bytes'),
    carVersion: c.req.query('car-version'),
    carOrder: c.req.query('car-order'),
    carDups: c.req.query('car-dups')
  }, c.req.header('accept'))
  const etag = carEtag(target.root, target.path, params)
  const cache = cacheControl(target)
  if (ifNoneMatch(c.req.header('if-none-match'), [etag])) {
    return c.body(null, 304, { Etag: etag, Vary: 'Accept', 'X-Ipfs-Path': target.contentPath, ...(cache == null ? {} : { 'Cache-Control': cache }) })
  }

  // a block-scoped CAR wants single blocks: bitswap, as for a raw block
  const retrieval = retrievalPolicy(c, deps, { peerScope: params.scope === 'entity' ? 'entity' : params.scope === 'all' ? 'all' : 'none' })
  const car = await openCar(retrieval.blocks, deps.node.helia.getCodec, target.root, target.path, params, { signal: retrieval.signal })
  return c.body(toByteStream(car.body), 200, {
    ...contentHeaders(target, car.roots, cache),
    'Content-Type': carContentType(params),
    'Content-Disposition': contentDisposition({ type: 'attachment', filename: c.req.query('filename'), fallbackName: `${target.root.toString()}.car` }) ?? 'attachment',
    // streamed as it is read: the length is unknown and no byte range can be served
    'Accept-Ranges': 'none',
    Etag: etag,
    Vary: 'Accept',
    'X-Content-Type-Options': 'nosniff'
  })
}
