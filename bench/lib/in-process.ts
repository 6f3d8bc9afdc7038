import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importer } from 'ipfs-unixfs-importer'
import { CachedFsBlockstore } from '../../src/block-cache.ts'
import { MultihashFileNames } from '../../src/block-files.ts'
import { DEFAULT_BLOCK_CACHE_BYTES } from '../../src/constants.ts'
import { importerOptions } from '../../src/content/import-params.ts'
import { content, smallFile } from './bytes.ts'
import type { ImportCandidate } from 'ipfs-unixfs-importer'

/**
 * Milliseconds to import `candidates` with `/api/v0/add`'s importer settings
 * straight into the blockstore Cairn opens (src/stores.ts): the
 * ceiling the HTTP path is measured against.
 */
async function importMs (candidates: Iterable<ImportCandidate>): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-import-'))
  const blockstore = new CachedFsBlockstore(dir, { shardingStrategy: new MultihashFileNames(), cacheBytes: DEFAULT_BLOCK_CACHE_BYTES })
  await blockstore.open()
  try {
    const started = performance.now()
    for await (const entry of importer(candidates, blockstore, importerOptions('unixfs-v0-2015'))) {
      void entry
    }
    return performance.now() - started
  } finally {
    await blockstore.close()
    await rm(dir, { recursive: true, force: true })
  }
}

export async function importFileMs (totalBytes: number, seed: number): Promise<number> {
  return importMs([{ path: 'bench.bin', content: content(totalBytes, seed) }])
}

export async function importDirMs (files: number, fileBytes: number, seed: number): Promise<number> {
  return importMs((function * () {
    for (let i = 0; i < files; i++) {
      yield { path: `bench-dir/${fileName(i)}`, content: [smallFile(fileBytes, seed, i)] }
    }
  })())
}

export function fileName (index: number): string {
  return `f${String(index).padStart(5, '0')}.bin`
}

/** Milliseconds to sha256 the same bytes with node:crypto: the hashing limit. */
export function sha256Ms (totalBytes: number, seed: number): number {
  const started = performance.now()
  const hash = createHash('sha256')
  for (const chunk of content(totalBytes, seed)) {
    hash.update(chunk)
  }
  hash.digest()
  return performance.now() - started
}
