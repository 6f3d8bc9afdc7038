import { UnsupportedContentError } from '../../src/errors.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/** Trustless gateway: the single raw block the target resolves to (`application/vnd.ipld.raw`). */
export function rawBlockResponse (_c: Context<AppEnv>, _deps: RouteDeps, _target: GatewayTarget): Promise<Response> {
  return Promise.reject(new UnsupportedContentError('the raw block format is not served yet'))
}
