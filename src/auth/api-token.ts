import { API_TOKEN_BYTES, API_TOKEN_FILE } from '../constants.ts'
import { resolveSecret } from './secret-file.ts'
import type { Logger } from '../logger.ts'

/**
 * The configured (admin) API token. A configured token wins; otherwise the
 * one stored in `<dataDir>/api-token` is used, and on first start one is
 * generated there, readable by its owner only.
 */
export async function resolveApiToken (dataDir: string, configured: string | undefined, log: Logger): Promise<string> {
  return resolveSecret(dataDir, configured, {
    file: API_TOKEN_FILE,
    bytes: API_TOKEN_BYTES,
    generated: 'generated an API token; send it as "Authorization: Bearer <token>"',
    log
  })
}
