import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { CachedFsBlockstore } from './block-cache.ts'
import { MultihashFileNames } from './block-files.ts'
import { StorageLimit, measureBlockFiles } from './storage/limit.ts'
import { saveUsage, takeSavedUsage } from './storage/saved-usage.ts'

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
  // opened first: its lock keeps a second process from taking the saved usage of a node that runs
  const datastore = new LevelDatastore(join(dataDir, 'datastore'))
  await datastore.open()
  let blockstore: CachedFsBlockstore
  let limit: StorageLimit
  try {
    const held = await takeSavedUsage(dataDir) ?? await measureBlockFiles(blocksDir, names.extension)
    limit = new StorageLimit({ ...storage, usedBytes: held.bytes, blocks: held.blocks })
    blockstore = new CachedFsBlockstore(blocksDir, { shardingStrategy: names, cacheBytes: options.blockCacheBytes, limit })
    await blockstore.open()
  } catch (err) {
    await datastore.close()
    throw err
  }

  return {
    blockstore,
    datastore,
    limit,
    async close () {
      await Promise.allSettled([blockstore.close(), datastore.close()])
      // after the last write; a node that never gets here is measured at its next start
      await saveUsage(dataDir, { bytes: limit.usedBytes, blocks: limit.blocks })
    }
  }
}
