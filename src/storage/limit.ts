import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StorageFullError } from '../errors.ts'

export interface StorageLimitInit {
  /** Most bytes of blocks the store may hold (CAIRN_STORAGE_MAX). */
  maxBytes: number
  /** Percent of maxBytes above which `onAboveWatermark` is called (CAIRN_GC_WATERMARK). */
  watermarkPercent: number
  /** Bytes already stored when the node starts. */
  usedBytes: number
  /** Blocks already stored when the node starts. */
  blocks?: number
  /** Called when usage crosses the watermark, and when a write is refused: a chance to collect garbage. */
  onAboveWatermark: () => void
}

/**
 * Bytes of blocks the store holds, counted as blocks are written and
 * deleted, against Kubo's `Datastore.StorageMax`. Counting keeps the check
 * to one addition per write, however large the store. A write is reserved
 * before it reaches the disk, so a full store is found out by a clear
 * StorageFullError (507), not by failing writes.
 */
export class StorageLimit {
  readonly maxBytes: number
  readonly watermarkBytes: number
  #used: number
  #blocks: number
  readonly #onAboveWatermark: () => void

  constructor (init: StorageLimitInit) {
    this.maxBytes = init.maxBytes
    this.watermarkBytes = Math.floor(init.maxBytes * init.watermarkPercent / 100)
    this.#used = init.usedBytes
    this.#blocks = init.blocks ?? 0
    this.#onAboveWatermark = init.onAboveWatermark
  }

  get usedBytes (): number {
    return this.#used
  }

  /** Blocks held: `repo/stat`'s NumObjects without listing the store. */
  get blocks (): number {
    return this.#blocks
  }

  /** Counts `bytes` about to be written, or throws StorageFullError when they would pass the limit. */
  reserve (bytes: number): void {
    if (this.#used + bytes > this.maxBytes) {
      this.#onAboveWatermark()
      throw new StorageFullError(`storage limit reached: writing ${bytes} more bytes would pass CAIRN_STORAGE_MAX (${this.maxBytes} bytes; ${this.#used} in use). Unpin content or raise the limit`)
    }
    const before = this.#used
    this.#used += bytes
    this.#blocks++
    if (before <= this.watermarkBytes && this.#used > this.watermarkBytes) {
      this.#onAboveWatermark()
    }
  }

  /** Gives back what a failed write reserved, or what a deleted block held. */
  release (bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes)
    this.#blocks = Math.max(0, this.#blocks - 1)
  }
}

/** The sizes and count of every block file under `dir`: what the store holds when the node starts. */
export async function measureBlockFiles (dir: string, extension: string): Promise<{ bytes: number, blocks: number }> {
  let total = 0
  let blocks = 0
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { bytes: 0, blocks: 0 }
    }
    throw err
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith(extension)) {
      total += await stat(join(entry.parentPath, entry.name)).then(s => s.size, () => 0)
      blocks++
    }
  }
  return { bytes: total, blocks }
}
