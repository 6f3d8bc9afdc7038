import { join } from 'node:path'
import { API_TOKEN_BYTES, API_TOKEN_FILE } from '../constants.ts'
import { loadOrCreateSecret } from './secret-file.ts'
import type { Logger } from '../logger.ts'

/**
 * The token write routes require. A configured token wins; otherwise the one
 * stored in `<dataDir>/api-token` is used, and on first start one is generated
 * there, readable by its owner only.
 */
export async function resolveApiToken (dataDir: string, configured: string | undefined, log: Logger): Promise<string> {
  if (configured != null) {
    return configured
  }
  const path = join(dataDir, API_TOKEN_FILE)
  const { secret, created } = await loadOrCreateSecret(path, API_TOKEN_BYTES)
  if (created) {
    log.info({ path }, 'generated an API token; send it as "Authorization: Bearer <token>"')
  }
  return secret
}
