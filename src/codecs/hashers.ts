import { blake2b256, blake2b512 } from '@multiformats/blake2/blake2b'
import { blake2s256 } from '@multiformats/blake2/blake2s'
import { keccak256, keccak512, sha3224, sha3256, sha3384, sha3512 } from '@multiformats/sha3'
import { blake3 as blake3Hash } from '@noble/hashes/blake3.js'
import { from } from 'multiformats/hashes/hasher'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** BLAKE3 (multicodec 0x1e) with its default 32-byte digest; multiformats has no package for it, @noble/hashes computes it. */
export const blake3 = from({
  name: 'blake3',
  code: 0x1e,
  encode: (input: Uint8Array) => blake3Hash(input) as Uint8Array<ArrayBuffer>
})

/**
 * Every hash function Cairn computes and verifies, by the names Kubo takes
 * (`add --hash`, `block put --mhtype`, `dag put --hash`): those Filecoin
 * (blake2b-256), Ethereum-style (keccak) and newer (blake3) DAGs use too.
 */
export const HASHERS_BY_NAME: Readonly<Record<string, MultihashHasher>> = {
  'sha2-256': sha256,
  'sha2-512': sha512,
  'sha3-224': sha3224,
  'sha3-256': sha3256,
  'sha3-384': sha3384,
  'sha3-512': sha3512,
  'keccak-256': keccak256,
  'keccak-512': keccak512,
  'blake2b-256': blake2b256,
  'blake2b-512': blake2b512,
  'blake2s-256': blake2s256,
  blake3,
  identity
}

/** What Helia is given beyond its own sha2-256 and identity, so that it verifies and pins blocks of any of these. */
export const EXTRA_HASHERS: MultihashHasher[] = Object.values(HASHERS_BY_NAME).filter(hasher => hasher.code !== sha256.code && hasher.code !== identity.code)
