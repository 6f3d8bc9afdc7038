import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What the block store holds: bytes and block files. */
export interface BlockUsage {
  bytes: number
  blocks: number
}

/** Beside `blocks/` and `datastore/` in the data directory; present only while the node is stopped. */
const USAGE_FILE = 'block-usage.json'

/**
 * The block store's usage as the node saved it when it last stopped cleanly,
 * and forgets it: measuring it again means a stat of every block file (~2 s
 * at 50,000 blocks). While the node runs the file does not exist, so after a
 * crash, or with no file, the caller measures. Blocks added or removed by
 * hand while the node is stopped are not seen until the next measurement.
 */
export async function takeSavedUsage (dataDir: string): Promise<BlockUsage | undefined> {
  const path = join(dataDir, USAGE_FILE)
  let saved: unknown
  try {
    saved = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return undefined
  } finally {
    await rm(path, { force: true })
  }
  const { bytes, blocks } = (saved ?? {}) as Partial<BlockUsage>
  const counts = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
  return counts(bytes) && counts(blocks) ? { bytes, blocks } : undefined
}

/** Saves the usage at a clean stop, for `takeSavedUsage` at the next start. */
export async function saveUsage (dataDir: string, usage: BlockUsage): Promise<void> {
  await writeFile(join(dataDir, USAGE_FILE), JSON.stringify({ bytes: usage.bytes, blocks: usage.blocks }), { mode: 0o600 })
}
