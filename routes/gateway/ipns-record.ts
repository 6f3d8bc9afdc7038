import { UnsupportedContentError } from '../../src/errors.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

/** Trustless gateway: the signed IPNS record of a name (`application/vnd.ipfs.ipns-record`). */
export function ipnsRecordResponse (_c: Context<AppEnv>, _deps: RouteDeps, _name: string): Promise<Response> {
  return Promise.reject(new UnsupportedContentError('IPNS records are not served yet'))
}
