import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'

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
    return { secret: (await readFile(path, 'utf8')).trim(), created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err
    }
  }
  const secret = randomBytes(bytes).toString('base64url')
  await writeFile(path, secret + '\n', { mode: 0o600, flag: 'wx' })
  return { secret, created: true }
}
