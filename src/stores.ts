import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { CachedFsBlockstore } from './block-cache.ts'
import { MultihashFileNames } from './block-files.ts'
import { StorageLimit, measureBlockFiles } from './storage/limit.ts'

export interface Stores {
  blockstore: CachedFsBlockstore
  datastore: LevelDatastore
  /** Bytes of blocks held, against CAIRN_STORAGE_MAX (unbounded when unset). */
  limit: StorageLimit
  close(): Promise<void>
}

/**
 * Opens the two stores under the data directory: blocks as files in
 * `<data>/blocks`, everything else (pins, keys, peer store) in the LevelDB at
 * `<data>/datastore`. Helia does not open them itself.
 */
export interface StoresOptions {
  blockCacheBytes: number
  /** CAIRN_STORAGE_MAX (Infinity when unset) and CAIRN_GC_WATERMARK, with what to do above the watermark. */
  storage?: { maxBytes: number, watermarkPercent: number, onAboveWatermark: () => void }
}

export async function openStores (dataDir: string, options: StoresOptions): Promise<Stores> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const names = new MultihashFileNames()
  const blocksDir = join(dataDir, 'blocks')
  const storage = options.storage ?? { maxBytes: Infinity, watermarkPercent: 100, onAboveWatermark: () => {} }
  const held = await measureBlockFiles(blocksDir, names.extension)
  const limit = new StorageLimit({ ...storage, usedBytes: held.bytes, blocks: held.blocks })
  const blockstore = new CachedFsBlockstore(blocksDir, { shardingStrategy: names, cacheBytes: options.blockCacheBytes, limit })
  const datastore = new LevelDatastore(join(dataDir, 'datastore'))
  await blockstore.open()
  try {
    await datastore.open()
  } catch (err) {
    await blockstore.close()
    throw err
  }

  return {
    blockstore,
    datastore,
    limit,
    async close () {
      await Promise.allSettled([blockstore.close(), datastore.close()])
    }
  }
}
