import { randomFillSync } from 'node:crypto'
import { MIB } from './stats.ts'

const POOL_CHUNKS = 16
const pool = randomFillSync(new Uint8Array(POOL_CHUNKS * MIB))
/** Every 256 KiB block (the default chunk) gets a unique stamp, so no block repeats and dedup cannot flatter a run. */
const STAMP_EVERY = 256 * 1024

/**
 * `totalBytes` of incompressible, never-repeating content in 1 MiB chunks,
 * the same bytes for the same `seed`. Cheap to make (a copy and a few
 * stamps per MiB), so the generator costs every contender the same little.
 */
export function * content (totalBytes: number, seed: number): Generator<Uint8Array> {
  let index = 0
  for (let sent = 0; sent < totalBytes; sent += MIB, index++) {
    const size = Math.min(MIB, totalBytes - sent)
    const start = (index % POOL_CHUNKS) * MIB
    const chunk = pool.slice(start, start + size)
    const view = new DataView(chunk.buffer)
    for (let at = 0; at + 16 <= size; at += STAMP_EVERY) {
      view.setFloat64(at, seed)
      view.setFloat64(at + 8, index * MIB + at)
    }
    yield chunk
  }
}

/** A small file's bytes: `size` bytes unique to `(seed, index)`. */
export function smallFile (size: number, seed: number, index: number): Uint8Array<ArrayBuffer> {
  const start = (index * 4099) % (pool.length - size)
  const bytes = pool.slice(start, start + size)
  const view = new DataView(bytes.buffer)
  view.setFloat64(0, seed)
  view.setFloat64(8, index)
  return bytes
}
