import { asyncIterableReader, createDecoder } from '@ipld/car/decoder'
import { CairnError, InvalidArgumentError } from '../errors.ts'
import type { DagBlock } from './walk.ts'
import type { CID } from 'multiformats/cid'

type BytesReader = ReturnType<typeof asyncIterableReader>

export interface CarStream {
  version: number
  roots: CID[]
  /** The blocks as they come, then the rest of the input (a CARv2 index) is read and dropped. */
  blocks: AsyncGenerator<DagBlock>
}

export interface CarLimits {
  /** Largest header or block section the reader will hold in memory. */
  maxSectionBytes: number
  /** The error for a section over the limit. */
  tooBig: (size: number) => Error
}

/**
 * Reads a CAR (v1, or v2 with its v1 payload) as a stream: one block in
 * memory at a time, each one refused before it is read when its declared
 * length is over the limit, so a hostile length cannot make the reader
 * buffer gigabytes. Malformed input is a 400.
 */
export async function readCar (source: AsyncIterable<Uint8Array>, limits: CarLimits): Promise<CarStream> {
  const input = source[Symbol.asyncIterator]()
  const decoder = createDecoder(bounded(asyncIterableReader({ [Symbol.asyncIterator]: () => input }), limits))
  let header
  try {
    header = await decoder.header()
  } catch (err) {
    throw carError(err, 'invalid CAR header')
  }

  return {
    version: header.version,
    roots: header.roots,
    blocks: (async function * () {
      let previous: CID | undefined
      try {
        for await (const block of decoder.blocks()) {
          previous = block.cid
          yield block
        }
      } catch (err) {
        throw carError(err, previous == null ? 'import failed' : `import failed after block ${previous.toString()}`)
      }
      for (let rest = await input.next(); rest.done !== true; rest = await input.next()) {
        // the CARv2 index: Cairn keeps its own
      }
    })()
  }
}

function bounded (reader: BytesReader, limits: CarLimits): BytesReader {
  return {
    upTo: async (length) => reader.upTo(length),
    exactly: async (length, seek) => {
      if (length > limits.maxSectionBytes) {
        throw limits.tooBig(length)
      }
      return reader.exactly(length, seek)
    },
    seek: (length) => { reader.seek(length) },
    get pos () { return reader.pos }
  }
}

/** Cairn's own errors (limits, a broken upload) and aborts pass; what the CAR decoder says becomes a 400. */
function carError (err: unknown, context: string): unknown {
  if (err instanceof CairnError || (err as Error).name === 'AbortError') {
    return err
  }
  return new InvalidArgumentError(`${context}: ${(err as Error).message}`)
}
