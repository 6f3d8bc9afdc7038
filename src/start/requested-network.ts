import { parseArgs } from 'node:util'
import type { NetworkProfile } from '../config.ts'

/**
 * The network profile a command line and environment ask for, read before
 * the service (and config.ts, which validates it) loads: bundle/cairn.js
 * loads the bundle for that profile. Anything else falls back to the private
 * one, whose config.ts then reports the bad value or flag as usual.
 * test/requested-network.spec.ts keeps it in step with config.ts.
 */
export function requestedNetwork (env: Record<string, string | undefined>, argv: string[]): NetworkProfile {
  const { values } = parseArgs({ args: argv, strict: false, options: { network: { type: 'string' } } })
  const network = values.network ?? env.CAIRN_NETWORK
  return network === 'public' ? 'public' : 'private'
}
