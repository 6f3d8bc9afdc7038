import { equals } from 'multiformats/bytes'
import { identity } from 'multiformats/hashes/identity'
import { HASHERS_BY_NAME } from '../codecs/hashers.ts'
import { InvalidArgumentError } from '../errors.ts'
import type { MultihashHasher } from 'multiformats/hashes/interface'
import type { CID } from 'multiformats/cid'

/**
 * Multicodec names Kubo accepts where it asks for a CID codec (`cid-codec`,
 * `store-codec`), with their codes from the multicodec table.
 */
const CODECS: Record<string, number> = {
  raw: 0x55,
  'dag-pb': 0x70,
  'dag-cbor': 0x71,
  'libp2p-key': 0x72,
  'git-raw': 0x78,
  'dag-jose': 0x85,
  'dag-json': 0x0129,
  cbor: 0x51,
  json: 0x0200
}

/** Kubo's legacy names for codecs (`block put --format`). */
const LEGACY_CODEC_NAMES: Record<string, string> = { protobuf: 'dag-pb', v0: 'dag-pb', cbor: 'dag-cbor' }

const HASHERS_BY_CODE = new Map(Object.values(HASHERS_BY_NAME).map(hasher => [hasher.code, hasher]))

/** Kubo refuses identity CIDs whose digest is longer than this (verifcid). */
export const MAX_IDENTITY_DIGEST_BYTES = 128

/** A codec's code from its multicodec name, or from a `0x`-prefixed code as go-multicodec allows. */
export function codecCode (name: string): number {
  const code = CODECS[name] ?? (/^0x[0-9a-f]+$/i.test(name) ? parseInt(name, 16) : undefined)
  if (code == null) {
    throw new InvalidArgumentError(`unknown multicodec "${name}"`)
  }
  return code
}

/** `block put --format`: the deprecated way to choose a codec, where `v0` also means CIDv0. */
export function legacyFormat (format: string): { version: 0 | 1, code: number } {
  return { version: format === 'v0' ? 0 : 1, code: codecCode(LEGACY_CODEC_NAMES[format] ?? format) }
}

export function hasherByName (name: string): MultihashHasher {
  const hasher = HASHERS_BY_NAME[name]
  if (hasher == null) {
    throw new InvalidArgumentError(`unrecognized multihash function: ${name} (supported: ${Object.keys(HASHERS_BY_NAME).join(', ')})`)
  }
  return hasher
}

/**
 * Checks that a block's bytes hash to the digest in its CID. Blocks from a
 * CAR are only as good as their sender: storing one unchecked would let a
 * client serve other bytes under a CID it does not own.
 */
export async function verifyBlock (cid: CID, bytes: Uint8Array): Promise<void> {
  const { code, size, digest } = cid.multihash
  const hasher = HASHERS_BY_CODE.get(code)
  if (hasher == null) {
    throw new InvalidArgumentError(`block ${cid.toString()} uses hash function 0x${code.toString(16)}, which Cairn cannot verify`)
  }
  if (code === identity.code && size > MAX_IDENTITY_DIGEST_BYTES) {
    throw new InvalidArgumentError(`block ${cid.toString()}: identity digest is ${size} bytes (max ${MAX_IDENTITY_DIGEST_BYTES})`)
  }
  let actual: Uint8Array | undefined
  try {
    actual = (await hasher.digest(bytes, { truncate: size })).digest
  } catch {
    // a truncation the hasher refuses cannot match either
  }
  if (actual == null || !equals(actual, digest)) {
    throw new InvalidArgumentError(`block ${cid.toString()} is corrupt: its bytes do not hash to the digest in its CID`)
  }
}
