import { ConfigError } from '../errors.ts'
import { resolveSecret } from './secret-file.ts'
import type { Logger } from '../logger.ts'

/** File under the data directory that holds a generated keychain passphrase. */
export const KEYCHAIN_PASS_FILE = 'keychain-pass'

/** Bytes of entropy in a generated passphrase (43 base64url characters). */
export const KEYCHAIN_PASS_BYTES = 32

/** The keychain refuses shorter passphrases (NIST SP 800-132, enforced by @ipshipyard/keychain). */
export const MIN_KEYCHAIN_PASS_LENGTH = 20

/**
 * The passphrase that encrypts the keychain at rest. A configured one wins;
 * otherwise the one in `<dataDir>/keychain-pass` is used, generated there on
 * first start and readable by its owner only, as the API token is.
 */
export async function resolveKeychainPass (dataDir: string, configured: string | undefined, log: Logger): Promise<string> {
  if (configured != null && configured.length < MIN_KEYCHAIN_PASS_LENGTH) {
    throw new ConfigError(`CAIRN_KEYCHAIN_PASS (--keychain-pass): must be at least ${MIN_KEYCHAIN_PASS_LENGTH} characters`)
  }
  return resolveSecret(dataDir, configured, {
    file: KEYCHAIN_PASS_FILE,
    bytes: KEYCHAIN_PASS_BYTES,
    generated: 'generated a keychain passphrase; back it up with the data directory, keys cannot be read without it',
    log
  })
}
