import { hasherByName } from '../blocks/formats.ts'
import { MAX_BIG_BLOCK_BYTES, checkBlockSize, readBounded } from '../blocks/limits.ts'
import { blockCid } from '../blocks/put.ts'
import { InvalidArgumentError, LimitExceededError } from '../errors.ts'
import { dagCodecByName, decodeWith, encodeWith } from './codecs.ts'
import { pinDag } from './pin.ts'
import type { DagCodec } from './codecs.ts'
import type { PinDagNode } from './pin.ts'
import type { MultihashHasher } from 'multiformats/hashes/interface'
import type { CID } from 'multiformats/cid'

/** Kubo's `dag put` flags, as the request gave them. */
export interface DagPutParams {
  /** @default 'dag-cbor' */
  storeCodec?: string
  /** @default 'dag-json' */
  inputCodec?: string
  /** @default 'sha2-256' */
  hash?: string
  /** @default false */
  pin?: boolean
  /** @default false */
  allowBigBlock?: boolean
}

/** The checked flags, ready before any part is read. */
export interface DagPutFormat {
  store: DagCodec
  input: DagCodec
  hasher: MultihashHasher
  pin: boolean
  allowBigBlock: boolean
}

export function dagPutFormat (params: DagPutParams): DagPutFormat {
  return {
    store: dagCodecByName(params.storeCodec ?? 'dag-cbor'),
    input: dagCodecByName(params.inputCodec ?? 'dag-json'),
    hasher: hasherByName(params.hash ?? 'sha2-256'),
    pin: params.pin ?? false,
    allowBigBlock: params.allowBigBlock ?? false
  }
}

/** `dag put` for each part of a request, in order; the nodes before a bad part stay stored, as in Kubo. */
export async function * putDagNodes (node: PinDagNode, parts: AsyncIterable<{ content: AsyncIterable<Uint8Array> }>, format: DagPutFormat, options: { maxParts: number, signal?: AbortSignal }): AsyncGenerator<CID> {
  let count = 0
  for await (const { content } of parts) {
    if (++count > options.maxParts) {
      throw new LimitExceededError(`the request has more than ${options.maxParts} parts`)
    }
    yield await putDagNode(node, content, format, options)
  }
  if (count === 0) {
    throw new InvalidArgumentError('argument "object data" is required')
  }
}

/**
 * Kubo's `dag put` for one part: decodes it with the input codec, encodes
 * the node with the store codec and stores that block under a CIDv1. With
 * `pin`, the node is pinned recursively once the DAG below it is complete here.
 */
export async function putDagNode (node: PinDagNode, content: AsyncIterable<Uint8Array>, format: DagPutFormat, options: { signal?: AbortSignal } = {}): Promise<CID> {
  const input = await readBounded(content, MAX_BIG_BLOCK_BYTES, size => new LimitExceededError(`the object is over the ${MAX_BIG_BLOCK_BYTES} byte limit (${size} bytes so far)`))
  const bytes = encodeWith(format.store, decodeWith(format.input, input, 'the object'))
  checkBlockSize(bytes.byteLength, format.allowBigBlock)
  const cid = await blockCid(bytes, { version: 1, code: format.store.code, hasher: format.hasher })
  await node.helia.blockstore.put(cid, bytes, { signal: options.signal })
  if (format.pin) {
    await pinDag(node, cid, { signal: options.signal })
  }
  return cid
}
