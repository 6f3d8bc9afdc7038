import { verifyBlock } from '../blocks/formats.ts'
import { blockLimit, oversizeError } from '../blocks/limits.ts'
import { InvalidArgumentError, LimitExceededError } from '../errors.ts'
import { readCar } from './car-reader.ts'
import { pinDag } from './pin.ts'
import type { PinDagNode } from './pin.ts'
import type { CID } from 'multiformats/cid'

export interface CarImportOptions {
  /** Pin every root named in a CAR header once all CARs are in. @default true */
  pinRoots?: boolean
  /** @default false */
  allowBigBlock?: boolean
  /** Total bytes of CAR input allowed. */
  maxBytes: number
  /** CAR files allowed in one request. */
  maxCars: number
  signal?: AbortSignal
}

export type CarImportEvent =
  | { type: 'root', cid: CID, pinError: string }
  | { type: 'stats', blockCount: number, blockBytesCount: number }

/**
 * Kubo's `dag import`: stores every block of every CAR, each one checked
 * against its CID first, streaming (one block in memory at a time). A CAR
 * that is malformed or holds a block whose bytes do not match its CID fails
 * the whole import before anything is pinned. Then each root named in a
 * header is pinned, offline as in Kubo: a root whose DAG is incomplete here
 * gets a `pinError` and no pin. The stats event comes last.
 */
export async function * importCars (node: PinDagNode, cars: AsyncIterable<{ content: AsyncIterable<Uint8Array> }>, options: CarImportOptions): AsyncGenerator<CarImportEvent> {
  const allowBigBlock = options.allowBigBlock ?? false
  const roots = new Map<string, CID>()
  const budget = { remaining: options.maxBytes }
  let carCount = 0
  let blockCount = 0
  let blockBytesCount = 0

  for await (const { content: car } of cars) {
    if (++carCount > options.maxCars) {
      throw new LimitExceededError(`the request has more than ${options.maxCars} CAR files`)
    }
    const stream = await readCar(counted(car, budget, options.maxBytes), {
      maxSectionBytes: blockLimit(allowBigBlock) + SECTION_OVERHEAD_BYTES,
      tooBig: size => oversizeError(size, allowBigBlock)
    })
    for (const root of stream.roots) {
      roots.set(root.toString(), root)
    }
    for await (const { cid, bytes } of stream.blocks) {
      options.signal?.throwIfAborted()
      if (bytes.byteLength > blockLimit(allowBigBlock)) {
        throw atBlock(cid, oversizeError(bytes.byteLength, allowBigBlock))
      }
      await verifyBlock(cid, bytes)
      await node.helia.blockstore.put(cid, bytes, { signal: options.signal })
      blockCount++
      blockBytesCount += bytes.byteLength
    }
  }
  if (carCount === 0) {
    throw new InvalidArgumentError('argument "path" is required: send one or more CAR files')
  }

  if (options.pinRoots !== false) {
    for (const cid of roots.values()) {
      yield { type: 'root', cid, pinError: await pinError(node, cid, options.signal) }
    }
  }
  yield { type: 'stats', blockCount, blockBytesCount }
}

/** A CID and a length prefix come before a block's bytes in its section. */
const SECTION_OVERHEAD_BYTES = 1024

async function pinError (node: PinDagNode, cid: CID, signal?: AbortSignal): Promise<string> {
  try {
    await pinDag(node, cid, { signal })
    return ''
  } catch (err) {
    signal?.throwIfAborted()
    return (err as Error).message
  }
}

function atBlock (cid: CID, err: Error): Error {
  err.message = `import failed at block ${cid.toString()}: ${err.message}`
  return err
}

/** Counts CAR bytes against the request's budget as they stream in. */
async function * counted (source: AsyncIterable<Uint8Array>, budget: { remaining: number }, maxBytes: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    budget.remaining -= chunk.byteLength
    if (budget.remaining < 0) {
      throw new LimitExceededError(`the upload is larger than the ${maxBytes} byte limit`)
    }
    yield chunk
  }
}
