import { UnsupportedContentError } from '../../src/errors.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { GatewayTarget } from './target.ts'
import type { Context } from 'hono'

/** Trustless gateway: a CAR of the target (`application/vnd.ipld.car`, dag-scope, entity-bytes). */
export function carResponse (_c: Context<AppEnv>, _deps: RouteDeps, _target: GatewayTarget): Promise<Response> {
  return Promise.reject(new UnsupportedContentError('the CAR format is not served yet'))
}
