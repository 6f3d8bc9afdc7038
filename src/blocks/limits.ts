import { InvalidArgumentError, LimitExceededError } from '../errors.ts'

/**
 * Kubo's soft limit on one block: bitswap will not carry a bigger one, so
 * Kubo refuses it unless told `allow-big-block`.
 *
 * @default 1_048_576 (1 MiB)
 */
export const MAX_BLOCK_BYTES = 1_048_576

/**
 * The limit even with `allow-big-block`, as go-car's largest section: a
 * block is held in memory whole while it is hashed.
 *
 * @default 33_554_432 (32 MiB)
 */
export const MAX_BIG_BLOCK_BYTES = 33_554_432

/** The most bytes a block may have under the request's `allow-big-block`. */
export function blockLimit (allowBigBlock: boolean): number {
  return allowBigBlock ? MAX_BIG_BLOCK_BYTES : MAX_BLOCK_BYTES
}

/** Kubo's error for a block over 1 MiB (a 400), or a 413 past the hard limit. */
export function oversizeError (size: number, allowBigBlock: boolean): Error {
  if (allowBigBlock) {
    return new LimitExceededError(`block of ${size} bytes is over the ${MAX_BIG_BLOCK_BYTES} byte limit`)
  }
  return new InvalidArgumentError('produced block is over 1MiB: big blocks can\'t be exchanged with other peers. ' +
    'consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to override')
}

export function checkBlockSize (size: number, allowBigBlock: boolean): void {
  if (size > blockLimit(allowBigBlock)) {
    throw oversizeError(size, allowBigBlock)
  }
}

/**
 * Reads a multipart part that holds one block (or one DAG node) into memory,
 * failing as soon as it grows past `maxBytes` rather than after it arrived.
 */
export async function readBounded (content: AsyncIterable<Uint8Array>, maxBytes: number, tooBig: (size: number) => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of content) {
    size += chunk.byteLength
    if (size > maxBytes) {
      throw tooBig(size)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
