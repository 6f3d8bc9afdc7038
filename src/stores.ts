import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { LevelDatastore } from 'datastore-level'
import { MultihashFileNames } from './block-files.ts'

export interface Stores {
  blockstore: FsBlockstore
  datastore: LevelDatastore
  close(): Promise<void>
}

/**
 * Opens the two stores under the data directory: blocks as files in
 * `<data>/blocks`, everything else (pins, keys, peer store) in the LevelDB at
 * `<data>/datastore`. Helia does not open them itself.
 */
export async function openStores (dataDir: string): Promise<Stores> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const blockstore = new FsBlockstore(join(dataDir, 'blocks'), { shardingStrategy: new MultihashFileNames() })
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
