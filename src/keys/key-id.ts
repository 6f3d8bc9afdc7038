import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { bases } from 'multiformats/basics'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidArgumentError } from '../errors.ts'
import type { PublicKey } from '@helia/interface'
import type { MultibaseDecoder, MultibaseEncoder } from 'multiformats/bases/interface'
import type { MultihashDigest } from 'multiformats/hashes/interface'

/** Turns a public key into the string Kubo prints as its Id (and as the IPNS name). */
export type KeyIdFormat = (publicKey: PublicKey) => string

/** Multicodec of a CID that names a public key. */
const LIBP2P_KEY_CODEC = 0x72

/** Kubo's default `ipns-base`: a CIDv1 with the libp2p-key codec in base36, `k51…`. */
export const DEFAULT_IPNS_BASE = 'base36'

const encoders: Record<string, MultibaseEncoder<string>> = Object.fromEntries(
  Object.values(bases).flatMap(base => [[base.name, base], [base.prefix, base]])
)

/** Any multibase by its prefix, to read a CID whatever `ipns-base` wrote it in. */
const decoders: Record<string, MultibaseDecoder<string>> = Object.fromEntries(
  Object.values(bases).map(base => [base.prefix, base])
)

/**
 * Kubo's `ipns-base`: `b58mh` for the legacy base58btc multihash (`12D3Koo…`,
 * `Qm…`), otherwise a multibase name or prefix (`base36`/`k`, `base32`/`b`…)
 * for a CIDv1 with the libp2p-key codec.
 */
export function keyIdFormat (ipnsBase: string = DEFAULT_IPNS_BASE): KeyIdFormat {
  if (ipnsBase === 'b58mh') {
    return publicKey => base58btc.baseEncode(publicKey.toMultihash().bytes)
  }
  const encoder = encoders[ipnsBase]
  if (encoder == null) {
    throw new InvalidArgumentError(`invalid argument "ipns-base": unknown multibase "${ipnsBase}"`)
  }
  return publicKey => publicKey.toCID().toString(encoder)
}

/** The multihash an IPNS name is: of a public key, inline (identity, Ed25519) or hashed (sha2-256, RSA). */
export type NameDigest = MultihashDigest

/** The name's multihash, from any form Kubo accepts: `/ipns/<id>`, `k51…`, `12D3Koo…`, `Qm…`. */
export function parseKeyId (input: string): NameDigest {
  const id = input.replace(/^\/ipns\//, '').split('/')[0] ?? ''
  try {
    const digest = decodeKeyId(id)
    // public keys are named by their identity (Ed25519) or sha2-256 (RSA) multihash, nothing else
    if (digest.code !== 0x00 && digest.code !== 0x12) {
      throw new Error(`multihash 0x${digest.code.toString(16)} names no public key`)
    }
    return digest
  } catch (err) {
    throw new InvalidArgumentError(`"${input}" is not an IPNS name (a key id such as k51… or 12D3Koo…): ${(err as Error).message}`)
  }
}

function decodeKeyId (id: string): MultihashDigest {
  if (id.startsWith('1') || id.startsWith('Q')) {
    return Digest.decode(base58btc.baseDecode(id))
  }
  const decoder = decoders[id.charAt(0)]
  if (decoder == null) {
    throw new Error('unknown multibase')
  }
  const cid = CID.decode(decoder.decode(id))
  if (cid.code !== LIBP2P_KEY_CODEC) {
    throw new Error('not a libp2p-key CID')
  }
  return cid.multihash
}

/** The key under which the routing (the DHT) stores a name's records: `/ipns/` then the multihash, as bytes. */
export function ipnsRoutingKey (digest: NameDigest): Uint8Array {
  const prefix = new TextEncoder().encode('/ipns/')
  const key = new Uint8Array(prefix.byteLength + digest.bytes.byteLength)
  key.set(prefix)
  key.set(digest.bytes, prefix.byteLength)
  return key
}

/** A name's multihash as Kubo prints names by default: base36 CIDv1 with the libp2p-key codec (`k51…`). */
export function formatKeyId (digest: MultihashDigest): string {
  return CID.createV1(LIBP2P_KEY_CODEC, digest).toString(base36)
}
