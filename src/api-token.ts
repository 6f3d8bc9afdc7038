import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { API_TOKEN_BYTES, API_TOKEN_FILE } from './constants.ts'
import type { Logger } from './logger.ts'

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
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err
    }
  }
  const token = randomBytes(API_TOKEN_BYTES).toString('base64url')
  await writeFile(path, token + '\n', { mode: 0o600, flag: 'wx' })
  log.info({ path }, 'generated an API token; send it as "Authorization: Bearer <token>"')
  return token
}
