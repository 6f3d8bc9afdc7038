import type { ResolvedFiles } from '../../src/gateway/resolved-files.ts'
import type { Retrieval } from '../../src/gateway/retrieval.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Negotiated } from './format.ts'
import type { GatewayRequest } from './request.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/** What the gateway's routes are built from: the node, and the files its content paths led to. */
export interface GatewayDeps extends RouteDeps {
  files: ResolvedFiles
}

/** Everything a response format needs about one gateway request. */
export interface GatewayContext {
  c: Context<AppEnv>
  deps: GatewayDeps
  request: GatewayRequest
  target: GatewayTarget
  retrieval: Retrieval
  negotiated: Negotiated
  url: URL
  /** HEAD: answer with headers only and read no more than they need. */
  head: boolean
}

/** `?filename=` and `?download=`, which several formats honour. */
export function dispositionParams (ctx: GatewayContext): { filename?: string, download?: string } {
  return {
    filename: ctx.url.searchParams.get('filename') ?? undefined,
    download: ctx.url.searchParams.get('download') ?? undefined
  }
}
