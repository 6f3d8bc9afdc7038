import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../errors.ts'
import type { Logger } from '../logger.ts'

export interface SecretFile {
  secret: string
  /** True when this call generated the secret (callers log where it went). */
  created: boolean
}

/**
 * Reads a secret kept in a file of its own, or on first use generates one
 * (`bytes` of entropy, base64url) and writes it there readable by its owner
 * only. `wx` makes a concurrent first start fail rather than overwrite a
 * secret another process already wrote.
 */
export async function loadOrCreateSecret (path: string, bytes: number): Promise<SecretFile> {
  try {
    const secret = (await readFile(path, 'utf8')).trim()
    assertPrivateFile(path)
    return { secret, created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err
    }
  }
  const secret = randomBytes(bytes).toString('base64url')
  await writeFile(path, secret + '\n', { mode: 0o600, flag: 'wx' })
  return { secret, created: true }
}

/**
 * Refuses a secret file that group or others may read, as ssh refuses a
 * private key: a token or passphrase anyone on the host can read is no
 * secret. Throws ConfigError naming the file and the fix.
 */
export function assertPrivateFile (path: string): void {
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${path} holds a secret but is readable by group or others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${path}`)
  }
}

export interface DataDirSecret {
  /** File name under the data directory. */
  file: string
  /** Bytes of entropy when it is generated. */
  bytes: number
  /** What the log says when one was generated (never the secret). */
  generated: string
  log: Logger
}

/**
 * A secret the service needs (the API token, the keychain passphrase): the
 * configured one wins; otherwise the one in `<dataDir>/<file>`, generated
 * there on first start and readable by its owner only.
 */
export async function resolveSecret (dataDir: string, configured: string | undefined, secret: DataDirSecret): Promise<string> {
  if (configured != null) {
    return configured
  }
  const path = join(dataDir, secret.file)
  const found = await loadOrCreateSecret(path, secret.bytes)
  if (found.created) {
    secret.log.info({ path }, secret.generated)
  }
  return found.secret
}
