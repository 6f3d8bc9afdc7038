import { createPrivateKey } from 'node:crypto'
import { privateKeyFromProtobuf, privateKeyFromRaw, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { InvalidArgumentError } from '../errors.ts'
import { keyIdFormat } from './key-id.ts'
import { assertNewKeyName, loadKey, refusedAsInvalid } from './lookup.ts'
import type { KeyInfo, KeyOptions } from './manage.ts'
import type { CryptoLoader, Keychain } from '@helia/interface'
import type { KeyObject, JsonWebKey as NodeJsonWebKey } from 'node:crypto'

/** Kubo's key file formats, both unencrypted: the key's protection is the file's. */
export const KEY_FILE_FORMATS = ['libp2p-protobuf-cleartext', 'pem-pkcs8-cleartext'] as const
export type KeyFileFormat = typeof KEY_FILE_FORMATS[number]

/** Largest key file read: an 8192-bit RSA key in PEM is ~6.5 KiB. */
export const MAX_KEY_FILE_BYTES = 64 * 1024

/** Key types Kubo signs IPNS records with; others need `allow-any-key-type`. */
const IPNS_KEY_TYPES = new Set(['Ed25519', 'RSA'])

/**
 * A private key to import: a file in one of Kubo's formats (`ipfs key import`),
 * or a PKCS#8 PEM, encrypted with `password` or not (kubo-rpc-client's shape).
 */
export type KeyMaterial =
  | { format: KeyFileFormat, bytes: Uint8Array }
  | { pem: string, password?: string }

export interface ImportKeyOptions extends KeyOptions {
  /** Accept key types other than Ed25519 and RSA, as Kubo's flag of that name. */
  allowAnyKeyType?: boolean
}

/** `key/import`: stores the key under `name`, encrypted like any other. */
export async function importKey (keychain: Keychain, getCrypto: CryptoLoader, name: string, material: KeyMaterial, options: ImportKeyOptions = {}): Promise<KeyInfo> {
  await assertNewKeyName(keychain, name, options)
  const protobuf = 'pem' in material
    ? pemToProtobuf(material.pem, material.password)
    : material.format === 'pem-pkcs8-cleartext'
      ? pemToProtobuf(new TextDecoder().decode(material.bytes))
      : material.bytes

  let type: string
  try {
    type = privateKeyFromProtobuf(protobuf).type
  } catch (err) {
    throw new InvalidArgumentError(`not a libp2p private key: ${(err as Error).message}`)
  }
  if (options.allowAnyKeyType !== true && !IPNS_KEY_TYPES.has(type)) {
    throw new InvalidArgumentError(`key type ${type} is not allowed to be used for IPNS; pass allow-any-key-type=true to import it anyway`)
  }
  let crypto
  try {
    crypto = await getCrypto(type, options)
  } catch {
    throw new InvalidArgumentError(`key type ${type} is not supported`)
  }
  const key = await refusedAsInvalid(Promise.resolve(crypto.privateKeyFromProtobuf(protobuf, options)))
  await refusedAsInvalid(keychain.importKey(name, key, options))
  return { name, id: (options.format ?? keyIdFormat())(key.publicKey) }
}

export interface ExportKeyOptions extends KeyOptions {
  /**
   * Encrypt the PKCS#8 PEM with this password (AES-256-CBC, key from
   * PBKDF2), as `key/import` with `pem` and `password` reads it back.
   */
  password?: string
}

/**
 * `key/export`: the private key in one of Kubo's formats, in cleartext, or
 * as an encrypted PKCS#8 PEM when a password is given.
 */
export async function exportKey (keychain: Keychain, name: string, format: KeyFileFormat, options: ExportKeyOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (options.password != null && format !== 'pem-pkcs8-cleartext') {
    throw new InvalidArgumentError('a password encrypts PEM exports only: pass format=pem-pkcs8-cleartext, or no format')
  }
  if (options.password === '') {
    throw new InvalidArgumentError('the password must not be empty')
  }
  const key = await loadKey(keychain, name, options)
  if (format === 'libp2p-protobuf-cleartext') {
    return key.toProtobuf()
  }
  const pem = createPrivateKey({ key: key.toJWK() as NodeJsonWebKey, format: 'jwk' }).export(options.password == null
    ? { type: 'pkcs8', format: 'pem' }
    : { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.password })
  return new TextEncoder().encode(pem.toString())
}

/** An Ed25519 or RSA key in PKCS#8 PEM (encrypted ones need their password) as a libp2p protobuf. */
function pemToProtobuf (pem: string, password?: string): Uint8Array {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem', passphrase: password })
  } catch (err) {
    throw new InvalidArgumentError(`cannot read the PEM private key${password == null ? '' : ' with this password'}: ${(err as Error).message}`)
  }
  if (key.asymmetricKeyType === 'ed25519') {
    const jwk = key.export({ format: 'jwk' })
    const seed = Buffer.from(jwk.d ?? '', 'base64url')
    const publicKey = Buffer.from(jwk.x ?? '', 'base64url')
    return privateKeyToProtobuf(privateKeyFromRaw(Buffer.concat([seed, publicKey])))
  }
  if (key.asymmetricKeyType === 'rsa') {
    return privateKeyToProtobuf(privateKeyFromRaw(key.export({ type: 'pkcs1', format: 'der' })))
  }
  throw new InvalidArgumentError(`PEM keys of type ${key.asymmetricKeyType ?? 'unknown'} are not supported; import them as libp2p protobuf`)
}
