import { createMiddleware } from 'hono/factory'
import { addAnswerHeaders } from './answer-headers.ts'
import type { AppEnv } from '../env.ts'

const ALLOW_METHODS = ['GET', 'HEAD', 'OPTIONS'].join(',')
const ALLOW_HEADERS = ['Content-Type', 'Range', 'Accept', 'User-Agent', 'X-Requested-With', 'Cache-Control', 'If-None-Match'].join(',')
const EXPOSE_HEADERS = ['Content-Range', 'Content-Length', 'Content-Type', 'Etag', 'X-Ipfs-Path', 'X-Ipfs-Roots', 'X-Stream-Output', 'X-Chunked-Output'].join(',')
const MAX_AGE_SECONDS = 86_400

/** What every answer carries. */
const OPEN = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSE_HEADERS }

/**
 * The gateway's answers are public data, readable by a page on any origin
 * (Kubo and boxo send `*`). The headers a verifying client needs are exposed;
 * a preflight asking for `Range` or `Accept` is answered 204. The headers go
 * on answers through answerHeaders (hono/cors makes a placeholder answer
 * first, and so rebuilds every answer; see setResponseHeaders).
 */
export function gatewayCors () {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...OPEN,
          'Access-Control-Max-Age': String(MAX_AGE_SECONDS),
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          Vary: 'Access-Control-Request-Headers'
        }
      })
    }
    addAnswerHeaders(c, OPEN)
    await next()
  })
}
