import { InvalidArgumentError, UnsupportedContentError } from '../../src/errors.ts'
import { parseGatewayCid } from '../../src/gateway/cid.ts'
import { formatOfCodec } from '../../src/gateway/dag-codecs.ts'
import { resolveGatewayName } from '../../src/gateway/ipns-name.ts'
import { resolvePath } from '../../src/gateway/resolve.ts'
import { retrievalPolicy } from './retrieval-policy.ts'
import type { Retrieval } from '../../src/gateway/retrieval.ts'
import { carResponse } from './car.ts'
import { codecResponse } from './codec.ts'
import { markGatewayRequest } from './errors.ts'
import { negotiateFormat } from './format.ts'
import { withContentLocation } from './headers.ts'
import { ipnsRecordResponse } from './ipns-record.ts'
import { rawBlockResponse } from './raw-block.ts'
import { redirectsResponse } from './redirects-file.ts'
import { tarResponse } from './tar.ts'
import { directoryResponse } from './unixfs-dir.ts'
import { fileResponse, gatewayFile } from './unixfs-file.ts'
import type { AppEnv } from '../env.ts'
import type { GatewayContext, GatewayDeps } from './context.ts'
import type { GatewayRequest } from './request.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/**
 * Answers one gateway request, path or subdomain: refuses service worker
 * registration at a content root, negotiates the format (`?format=` over
 * `Accept`), resolves `/ipns/` names, hands the trustless formats (raw, CAR,
 * IPNS record) to their modules, and serves the rest by what the path ends
 * at. `Cache-Control: only-if-cached` and CAIRN_GATEWAY_NO_FETCH read local
 * blocks only; every block wait is bounded by the fetch timeout, and the
 * client going away aborts the work.
 */
export async function serveGateway (c: Context<AppEnv>, deps: GatewayDeps, request: GatewayRequest): Promise<Response> {
  markGatewayRequest(c)
  const url = new URL(c.req.url)
  if (c.req.header('service-worker') === 'script' && request.segments.length === 0 && !request.trailingSlash) {
    throw new InvalidArgumentError('navigator.serviceWorker: registration is not allowed for this scope (a content root needs its trailing slash)')
  }
  const negotiated = negotiateFormat(url.searchParams.get('format') ?? undefined, c.req.header('accept'))
  const retrieval = retrievalPolicy(c, deps)

  const res = await dispatch(c, deps, request, { url, negotiated, retrieval })
  return negotiated.fromAccept && negotiated.format != null ? withContentLocation(res, c.req.url, negotiated.format) : res
}

async function dispatch (c: Context<AppEnv>, deps: GatewayDeps, request: GatewayRequest, parts: Pick<GatewayContext, 'url' | 'negotiated' | 'retrieval'>): Promise<Response> {
  const { negotiated, retrieval } = parts
  if (negotiated.format === 'ipns-record') {
    if (request.namespace !== 'ipns' || request.segments.length > 0) {
      throw new InvalidArgumentError('the ipns-record format is served for /ipns/<name> only, without a path')
    }
    return ipnsRecordResponse(c, deps, request.name)
  }
  const { target, site } = await locate(deps, request, retrieval)
  if (retrieval.offline && !await retrieval.has(target.root)) {
    // reading it fails with the error the request's policy calls for (412 or 404), without network I/O
    await retrieval.block(target.root)
  }
  if (negotiated.format === 'raw') {
    return rawBlockResponse(c, deps, target)
  }
  if (negotiated.format === 'car') {
    return carResponse(c, deps, target)
  }
  const ctx: GatewayContext = { c, deps, request, target, ...parts, head: c.req.method === 'HEAD' }
  return serveContent(ctx, site, request.segments)
}

/** The content root of the request: the CID, or what the IPNS name points at (with the record's own path as the site). */
async function locate (deps: GatewayDeps, request: GatewayRequest, retrieval: Retrieval): Promise<{ target: GatewayTarget, site: string[] }> {
  if (request.namespace === 'ipfs') {
    const root = parseGatewayCid(request.name, `/ipfs/${request.name}`)
    return { target: { namespace: 'ipfs', root, path: request.segments.join('/'), contentPath: request.contentPath }, site: [] }
  }
  const resolved = await resolveGatewayName(deps.node, request.name, { signal: retrieval.signal, timeoutMs: deps.node.config.gatewayRetrievalTimeoutMs })
  const site = resolved.path.split('/').filter(segment => segment !== '')
  return {
    target: { namespace: 'ipns', root: resolved.cid, path: [...site, ...request.segments].join('/'), contentPath: request.contentPath, ttlMs: resolved.ttlMs },
    site
  }
}

/**
 * Resolves `segments` inside the site and answers by what they end at:
 * a tar, IPLD data, a directory or a file. On an isolated origin a missing
 * path goes through the site's `_redirects` first. `status` is set when a
 * redirects rule serves this path in place of another.
 */
async function serveContent (ctx: GatewayContext, site: string[], segments: string[], status?: number): Promise<Response> {
  const path = [...site, ...segments]
  const format = ctx.negotiated.format
  const known = format == null ? ctx.deps.files.get(ctx.target.root, path) : undefined
  if (known != null) {
    return fileResponse(ctx, { resolved: known, etag: `"${known.file.cid.toString()}"`, name: path.at(-1), status })
  }
  let resolved
  try {
    resolved = await resolvePath(ctx.retrieval, ctx.target.root, path)
  } catch (err) {
    if ((err as Error).name === 'ContentNotFoundError' && ctx.request.origin.isolated && status == null && ctx.negotiated.format == null) {
      const redirected = await redirectsResponse(ctx, site, segments, async (to, code) => serveContent(ctx, site, to, code))
      if (redirected != null) {
        return redirected
      }
    }
    throw err
  }
  const own = formatOfCodec(resolved.cid.code)
  if (format === 'tar') {
    if (own != null) {
      throw new UnsupportedContentError(`${ctx.target.contentPath} is ${own}, not UnixFS: only UnixFS files and directories can be sent as a tar`)
    }
    return tarResponse(ctx, resolved, path)
  }
  if (own != null || format === 'dag-json' || format === 'dag-cbor') {
    return codecResponse(ctx, resolved)
  }
  const { entry } = resolved
  if (entry == null || entry.type === 'object') {
    return codecResponse(ctx, resolved)
  }
  if (entry.type === 'directory') {
    return directoryResponse(ctx, resolved, segments, entry)
  }
  const file = gatewayFile(entry)
  if (file == null) {
    throw new UnsupportedContentError(`${ctx.target.contentPath} is a ${entry.type}, not a file`)
  }
  const found = { file, roots: resolved.roots }
  if (format == null) {
    ctx.deps.files.set(ctx.target.root, path, found)
  }
  return fileResponse(ctx, { resolved: found, etag: `"${resolved.cid.toString()}"`, name: path.at(-1), status })
}
