import { readdir, stat, statfs } from 'node:fs/promises'
import { join, sep } from 'node:path'

/**
 * The repo format Kubo 0.39 reports (`fs-repo@18`). Cairn's layout differs;
 * the value is there for clients that print or compare it.
 */
export const KUBO_REPO_VERSION = 'fs-repo@18'

/** blockstore-fs keeps one file per block, named `<multihash>.data`, under `<data>/blocks`. */
const BLOCKS_DIR = 'blocks'
const BLOCK_FILE_SUFFIX = '.data'

export interface RepoStat {
  /** Bytes on disk under the data directory: blocks, datastore, keys. */
  repoSize: number
  /** How large the repo can grow: its size plus the free space of its filesystem. */
  storageMax: number
  /** Blocks stored. */
  numObjects: number
  repoPath: string
  version: string
}

/**
 * Kubo's `repo stat`. Like Kubo, the size is what the data directory takes on
 * disk. `StorageMax` is CAIRN_STORAGE_MAX when set; without a limit Kubo
 * would report 2^64-1, which tells a client such as IPFS Cluster's disk
 * informer nothing, so the limit given is what the filesystem can still hold.
 */
export interface RepoStatOptions {
  sizeOnly?: boolean
  storageMax?: number
  /**
   * The block store's bytes and count as the node keeps them (src/storage/limit.ts):
   * given, the block files are not listed, so the answer costs the same at
   * 50 blocks or 50,000; only the datastore and keys are measured.
   */
  blocks?: { bytes: number, count: number }
}

export async function repoStat (dataDir: string, options: RepoStatOptions = {}): Promise<RepoStat> {
  let repoSize = options.blocks?.bytes ?? 0
  let numObjects = options.blocks?.count ?? 0
  const blocksDir = join(dataDir, BLOCKS_DIR)
  const blocksPrefix = blocksDir + sep
  for (const entry of await readdir(dataDir, { withFileTypes: true })) {
    const path = join(dataDir, entry.name)
    if (options.blocks != null && path === blocksDir) {
      continue
    }
    for (const file of entry.isDirectory() ? await readdir(path, { recursive: true, withFileTypes: true }) : [entry]) {
      if (!file.isFile()) {
        continue
      }
      const filePath = join(file.parentPath, file.name)
      repoSize += await fileSize(filePath)
      if (filePath.startsWith(blocksPrefix) && file.name.endsWith(BLOCK_FILE_SUFFIX)) {
        numObjects++
      }
    }
  }
  const fsStats = await statfs(dataDir)
  const storageMax = options.storageMax ?? repoSize + fsStats.bavail * fsStats.bsize
  if (options.sizeOnly === true) {
    return { repoSize, storageMax, numObjects: 0, repoPath: '', version: '' }
  }
  return { repoSize, storageMax, numObjects, repoPath: dataDir, version: KUBO_REPO_VERSION }
}

/** A file removed while the directory is read (a gc, a LevelDB compaction) counts as empty. */
async function fileSize (path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return 0
    }
    throw err
  }
}
