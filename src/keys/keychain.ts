import { keychain as createKeychain } from '@ipshipyard/keychain'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { ConfigError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { CryptoLoader, Keychain } from '@ipshipyard/keychain'
import type { AbortOptions, PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

/** Name of the node's own key, from which its peer ID derives; as in Kubo. */
export const SELF_KEY = 'self'

export interface KeychainComponents {
  datastore: Datastore
  getCrypto: CryptoLoader
}

/**
 * Opens the keychain kept in the datastore, every key encrypted at rest with
 * a key derived from `password`, and makes sure it holds the node's own key
 * under `self` (generated on first start, Ed25519 as Kubo does).
 *
 * Helia 7 builds `helia.keychain` without a password whatever its init says,
 * and @helia/libp2p would load the peer key through a second, unencrypted
 * keychain; the node uses this one for both instead. Data directories written
 * that way (keys under the empty password) are re-encrypted in place.
 */
export async function openKeychain (components: KeychainComponents, password: string, log: Logger, options?: AbortOptions): Promise<Keychain> {
  const keychain = createKeychain({ password })(components)
  try {
    await keychain.exportKey(SELF_KEY, options)
    return keychain
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      await keychain.generateKey(SELF_KEY, { ...options, type: 'Ed25519' })
      log.info('generated the node key')
      return keychain
    }
    if ((err as Error).name !== 'DecryptionFailedError') {
      throw err
    }
  }

  const unencrypted = createKeychain()(components)
  try {
    await unencrypted.exportKey(SELF_KEY, options)
  } catch (err) {
    if ((err as Error).name === 'DecryptionFailedError') {
      throw new ConfigError('the keychain was encrypted with another passphrase: set CAIRN_KEYCHAIN_PASS to that one')
    }
    throw err
  }
  await unencrypted.rotateKeychainPass(password, options)
  log.warn('the keychain was stored without a passphrase; it is now encrypted with the configured one')
  return keychain
}

/** The `self` key in the form libp2p takes as its identity. */
export async function loadSelfKey (keychain: Keychain, options?: AbortOptions): Promise<PrivateKey> {
  const key = await keychain.exportKey(SELF_KEY, options)
  return privateKeyFromProtobuf(key.toProtobuf())
}
