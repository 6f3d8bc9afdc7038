import { AlreadyExistsError, InvalidArgumentError } from '../errors.ts'
import { keyIdFormat } from './key-id.ts'
import { SELF_KEY } from './keychain.ts'
import { assertNewKeyName, hasKey, loadKey, readableKeys, refusedAsInvalid } from './lookup.ts'
import type { KeyIdFormat } from './key-id.ts'
import type { Keychain } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'

/** A key as Kubo lists it: its name and its id (the IPNS name it signs for). */
export interface KeyInfo {
  name: string
  id: string
}

export type KeyType = 'ed25519' | 'rsa'

export interface KeyOptions extends AbortOptions {
  /** How ids are written; Kubo's base36 `k51…` by default. */
  format?: KeyIdFormat
}

/** @default 2048, as Kubo */
export const DEFAULT_RSA_BITS = 2048

/** go-libp2p refuses RSA keys shorter than this. */
export const MIN_RSA_BITS = 2048

/** Larger keys are refused when read back (@ipshipyard/crypto). */
export const MAX_RSA_BITS = 8192

const KEYCHAIN_TYPES: Record<KeyType, string> = { ed25519: 'Ed25519', rsa: 'RSA' }

/** Every key, `self` first and the others by name, as `ipfs key ls` prints them. */
export async function listKeys (keychain: Keychain, options: KeyOptions = {}): Promise<KeyInfo[]> {
  const format = options.format ?? keyIdFormat()
  const keys: KeyInfo[] = []
  for await (const { name, key } of readableKeys(keychain, options)) {
    keys.push({ name, id: format(key.publicKey) })
  }
  return keys.sort((a, b) => a.name === SELF_KEY ? -1 : b.name === SELF_KEY ? 1 : a.name.localeCompare(b.name))
}

/** The key's name and id; NotFoundError when there is no such key. */
export async function describeKey (keychain: Keychain, name: string, options: KeyOptions = {}): Promise<KeyInfo> {
  const key = await loadKey(keychain, name, options)
  return { name, id: (options.format ?? keyIdFormat())(key.publicKey) }
}

export interface GenerateKeyOptions extends KeyOptions {
  /** @default 'ed25519' */
  type?: KeyType
  /** RSA modulus length in bits; Ed25519 keys have one size. */
  size?: number
}

/** `key/gen`: a new key, stored encrypted under `name`. */
export async function generateKey (keychain: Keychain, name: string, options: GenerateKeyOptions = {}): Promise<KeyInfo> {
  const type = options.type ?? 'ed25519'
  if (type === 'rsa') {
    const bits = options.size ?? DEFAULT_RSA_BITS
    if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new InvalidArgumentError(`RSA key size must be between ${MIN_RSA_BITS} and ${MAX_RSA_BITS} bits`)
    }
  } else if (options.size != null) {
    throw new InvalidArgumentError('key size applies to RSA keys only')
  }
  await assertNewKeyName(keychain, name, options)
  const key = await refusedAsInvalid(keychain.generateKey(name, {
    signal: options.signal,
    type: KEYCHAIN_TYPES[type],
    bits: options.size ?? DEFAULT_RSA_BITS
  }))
  return { name, id: (options.format ?? keyIdFormat())(key.publicKey) }
}

/** `key/rm`: removes every named key, or none if one of them cannot be removed. */
export async function removeKeys (keychain: Keychain, names: string[], options: KeyOptions = {}): Promise<KeyInfo[]> {
  if (names.length === 0) {
    throw new InvalidArgumentError('argument "name" is required')
  }
  if (names.includes(SELF_KEY)) {
    throw new InvalidArgumentError(`cannot remove key with name '${SELF_KEY}'`)
  }
  const removed = await Promise.all(names.map(async name => describeKey(keychain, name, options)))
  for (const { name } of removed) {
    await keychain.removeKey(name, options)
  }
  return removed
}

export interface RenameKeyOptions extends KeyOptions {
  /** Replace a key that already has the new name. */
  force?: boolean
}

export interface RenamedKey {
  was: string
  now: string
  id: string
  /** True when a key of the new name was replaced. */
  overwrite: boolean
}

/** `key/rename`; `self` can be neither renamed nor replaced. */
export async function renameKey (keychain: Keychain, oldName: string, newName: string, options: RenameKeyOptions = {}): Promise<RenamedKey> {
  if (oldName === SELF_KEY) {
    throw new InvalidArgumentError(`cannot rename key with name '${SELF_KEY}'`)
  }
  if (oldName === newName) {
    throw new InvalidArgumentError('the old and the new key name are the same')
  }
  const { id } = await describeKey(keychain, oldName, options)
  const overwrite = options.force === true && newName !== SELF_KEY && await hasKey(keychain, newName, options)
  try {
    if (overwrite) {
      await keychain.removeKey(newName, options)
    }
    await assertNewKeyName(keychain, newName, { ...options, verb: 'overwrite' })
  } catch (err) {
    if (err instanceof AlreadyExistsError) {
      throw new AlreadyExistsError(`key by name '${newName}' already exists, refusing to overwrite (pass force=true)`)
    }
    throw err
  }
  await refusedAsInvalid(keychain.renameKey(oldName, newName, options))
  return { was: oldName, now: newName, id, overwrite }
}
