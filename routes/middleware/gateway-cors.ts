import { cors } from 'hono/cors'

/**
 * The gateway's answers are public data, readable by a page on any origin
 * (Kubo and boxo send `*`). The headers a verifying client needs are exposed;
 * a preflight asking for `Range` or `Accept` is answered 204.
 */
export function gatewayCors () {
  return cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Range', 'Accept', 'User-Agent', 'X-Requested-With', 'Cache-Control', 'If-None-Match'],
    exposeHeaders: ['Content-Range', 'Content-Length', 'Content-Type', 'Etag', 'X-Ipfs-Path', 'X-Ipfs-Roots', 'X-Stream-Output', 'X-Chunked-Output'],
    maxAge: 86_400
  })
}
