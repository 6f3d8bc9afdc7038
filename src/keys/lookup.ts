import { equals } from 'multiformats/bytes'
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from '../errors.ts'
import { SELF_KEY } from './keychain.ts'
import type { Keychain, PrivateKey } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'
import type { MultihashDigest } from 'multiformats/hashes/interface'

/** Whether a key of that name is in the keychain (reads names only, decrypts nothing). */
export async function hasKey (keychain: Keychain, name: string, options?: AbortOptions): Promise<boolean> {
  for await (const info of keychain.listKeys(options)) {
    if (info.name === name) {
      return true
    }
  }
  return false
}

/** The named private key; NotFoundError with Kubo's wording when there is none. */
export async function loadKey (keychain: Keychain, name: string, options?: AbortOptions): Promise<PrivateKey> {
  try {
    return await keychain.exportKey(name, options)
  } catch (err) {
    // the datastore's own NotFoundError shares our error's name but not its message
    if ((err as Error).name === 'NotFoundError' || (err as Error).name === 'InvalidParametersError') {
      throw new NotFoundError(`no key named ${name} was found`)
    }
    throw err
  }
}

/**
 * Every key this keychain can decrypt, by name. In the public profile,
 * libp2p's auto-TLS keeps its ACME keys in the same datastore through its own
 * keychain and cipher; those are not IPNS keys and are left out.
 */
export async function * readableKeys (keychain: Keychain, options?: AbortOptions): AsyncGenerator<{ name: string, key: PrivateKey }> {
  for await (const { name } of keychain.listKeys(options)) {
    try {
      yield { name, key: await keychain.exportKey(name, options) }
    } catch (err) {
      if ((err as Error).name !== 'DecryptionFailedError') {
        throw err
      }
    }
  }
}

/** The name of the key whose public key hashes to `digest`, if the keychain holds it. */
export async function findKeyName (keychain: Keychain, digest: MultihashDigest, options?: AbortOptions): Promise<string | undefined> {
  for await (const { name, key } of readableKeys(keychain, options)) {
    if (equals(key.publicKey.toMultihash().bytes, digest.bytes)) {
      return name
    }
  }
  return undefined
}

/**
 * Checks a name for a key about to be created (gen, import, rename target):
 * Kubo's rules (not empty, no `/`, no leading `.`, never `self`) and the
 * keychain's (a name that is also a safe file name).
 */
export async function assertNewKeyName (keychain: Keychain, name: string, options?: AbortOptions & { verb?: string }): Promise<void> {
  if (name === SELF_KEY) {
    throw new InvalidArgumentError(`cannot ${options?.verb ?? 'create'} key with name '${SELF_KEY}'`)
  }
  if (name.trim() === '' || name !== name.trim()) {
    throw new InvalidArgumentError('key name must not be empty nor start or end with spaces')
  }
  if (/^\.|[. ]$|[/\\:*?"<>|\p{Cc}]/u.test(name) || name.length > 255) {
    throw new InvalidArgumentError(`invalid key name "${name}": use up to 255 characters, no dot at either end, none of / \\ : * ? " < > | or control characters`)
  }
  if (await hasKey(keychain, name, options)) {
    throw new AlreadyExistsError(`key with name '${name}' already exists`)
  }
}

/** The keychain refuses some names itself (reserved file names such as `con`): the caller's fault, so a 400. */
export async function refusedAsInvalid<T> (work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (err) {
    if ((err as Error).name === 'InvalidParametersError') {
      throw new InvalidArgumentError((err as Error).message)
    }
    throw err
  }
}
