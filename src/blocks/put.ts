import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'
import { pinDag } from '../dag/pin.ts'
import { InvalidArgumentError, LimitExceededError } from '../errors.ts'
import { MAX_IDENTITY_DIGEST_BYTES, codecCode, hasherByName, legacyFormat } from './formats.ts'
import { blockLimit, oversizeError, readBounded } from './limits.ts'
import type { PinDagNode } from '../dag/pin.ts'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** Kubo's `block put` flags, as the request gave them. */
export interface BlockPutParams {
  /** @default 'raw' */
  cidCodec?: string
  /** Deprecated in Kubo and still sent by kubo-rpc-client; overrides `cidCodec`. */
  format?: string
  /** @default 'sha2-256' */
  mhtype?: string
  /** Digest length; -1 is the hash's own length. @default -1 */
  mhlen?: number
  /** @default false */
  pin?: boolean
  /** @default false */
  allowBigBlock?: boolean
}

/** How to make a CID for each block: checked once, before any part is read. */
export interface BlockPrefix {
  version: 0 | 1
  code: number
  hasher: MultihashHasher
  /** Undefined for the hash's own length. */
  length?: number
  pin: boolean
  allowBigBlock: boolean
}

export function blockPrefix (params: BlockPutParams): BlockPrefix {
  const hasher = hasherByName(params.mhtype ?? 'sha2-256')
  const mhlen = params.mhlen ?? -1
  if (mhlen < -1) {
    throw new InvalidArgumentError(`invalid mhlen ${mhlen}`)
  }
  let version: 0 | 1 = 1
  let code = codecCode(params.cidCodec ?? 'raw')
  if (params.format != null && params.format !== '') {
    if (params.cidCodec != null && params.cidCodec !== 'raw') {
      throw new InvalidArgumentError('unable to use "format" (deprecated) and a custom "cid-codec" at the same time')
    }
    ({ version, code } = legacyFormat(params.format))
    if (version === 0 && (hasher.code !== sha256.code || mhlen !== -1)) {
      throw new InvalidArgumentError('Legacy CIDv0 only supports sha2-256')
    }
  }
  return {
    version,
    code,
    hasher,
    length: mhlen === -1 ? undefined : mhlen,
    pin: params.pin ?? false,
    allowBigBlock: params.allowBigBlock ?? false
  }
}

export interface PutBlockResult {
  cid: CID
  size: number
}

/**
 * Kubo's `block put` for one part: the bytes as they are, under a CID of the
 * chosen codec and hash. Nothing checks that the bytes decode with that codec,
 * as in Kubo. With `pin`, the block is pinned recursively once the DAG below
 * it is complete here.
 */
export async function putBlock (node: PinDagNode, content: AsyncIterable<Uint8Array>, prefix: BlockPrefix, options: { signal?: AbortSignal } = {}): Promise<PutBlockResult> {
  const bytes = await readBounded(content, blockLimit(prefix.allowBigBlock), size => oversizeError(size, prefix.allowBigBlock))
  const cid = await blockCid(bytes, prefix)
  await node.helia.blockstore.put(cid, bytes, { signal: options.signal })
  if (prefix.pin) {
    await pinDag(node, cid, { signal: options.signal })
  }
  return { cid, size: bytes.byteLength }
}

/**
 * `block put` for each part of a request, in order. Fails on the first bad
 * part; the blocks before it stay stored, as in Kubo.
 */
export async function * putBlocks (node: PinDagNode, parts: AsyncIterable<{ content: AsyncIterable<Uint8Array> }>, prefix: BlockPrefix, options: { maxParts: number, signal?: AbortSignal }): AsyncGenerator<PutBlockResult> {
  let count = 0
  for await (const { content } of parts) {
    if (++count > options.maxParts) {
      throw new LimitExceededError(`the request has more than ${options.maxParts} parts`)
    }
    yield await putBlock(node, content, prefix, options)
  }
  if (count === 0) {
    throw new InvalidArgumentError('argument "data" is required')
  }
}

/** The CID of `bytes` under a prefix; an identity hash holds the bytes themselves, so it is kept small. */
export async function blockCid (bytes: Uint8Array, prefix: Pick<BlockPrefix, 'version' | 'code' | 'hasher' | 'length'>): Promise<CID> {
  if (prefix.hasher.code === identity.code && bytes.byteLength > MAX_IDENTITY_DIGEST_BYTES) {
    throw new InvalidArgumentError(`an identity hash can hold at most ${MAX_IDENTITY_DIGEST_BYTES} bytes; this block has ${bytes.byteLength}`)
  }
  let digest
  try {
    digest = await prefix.hasher.digest(bytes, prefix.length == null ? undefined : { truncate: prefix.length })
  } catch (err) {
    throw new InvalidArgumentError(`invalid mhlen ${prefix.length} for ${prefix.hasher.name}: ${(err as Error).message}`)
  }
  return prefix.version === 0 ? CID.createV0(digest as Parameters<typeof CID.createV0>[0]) : CID.createV1(prefix.code, digest)
}
