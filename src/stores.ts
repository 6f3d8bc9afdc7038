import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { CachedFsBlockstore } from './block-cache.ts'
import { MultihashFileNames } from './block-files.ts'

export interface Stores {
  blockstore: CachedFsBlockstore
  datastore: LevelDatastore
  close(): Promise<void>
}

/**
 * Opens the two stores under the data directory: blocks as files in
 * `<data>/blocks`, everything else (pins, keys, peer store) in the LevelDB at
 * `<data>/datastore`. Helia does not open them itself.
 */
export async function openStores (dataDir: string, options: { blockCacheBytes: number }): Promise<Stores> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const blockstore = new CachedFsBlockstore(join(dataDir, 'blocks'), { shardingStrategy: new MultihashFileNames(), cacheBytes: options.blockCacheBytes })
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
    async close () {
      await Promise.allSettled([blockstore.close(), datastore.close()])
    }
  }
}
