import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import { createHeliaLight } from 'helia'
import { importer } from 'ipfs-unixfs-importer'
import { DEFAULT_BLOCK_CACHE_BYTES } from '../../src/constants.ts'
import { importerOptions } from '../../src/content/import-params.ts'
import { openStores } from '../../src/stores.ts'
import { content, smallFile } from './bytes.ts'
import type { ImportCandidate } from 'ipfs-unixfs-importer'

/** `helia`: `@helia/unixfs` on a Helia without network (the comparison); `importer`: the bare importer into the blockstore, beneath Helia. */
export type InProcessKind = 'helia' | 'importer'

/**
 * Milliseconds to import `candidates` with `/api/v0/add`'s importer settings
 * into the stores Cairn opens (src/stores.ts, a fresh temp dir): the ceiling
 * the HTTP path is measured against. Nothing is pinned or announced.
 */
async function importMs (candidates: Iterable<ImportCandidate>, kind: InProcessKind): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-import-'))
  const stores = await openStores(dir, { blockCacheBytes: DEFAULT_BLOCK_CACHE_BYTES })
  const helia = createHeliaLight({ blockstore: stores.blockstore, datastore: stores.datastore })
  await helia.start()
  try {
    // the add route reports progress its own way; @helia/unixfs types its listener differently
    const options: Omit<ReturnType<typeof importerOptions>, 'onProgress'> = importerOptions('unixfs-v0-2015')
    const started = performance.now()
    const entries = kind === 'helia'
      ? unixfs(helia).addAll(candidates, options)
      : importer(candidates, stores.blockstore, options)
    for await (const entry of entries) {
      void entry
    }
    return performance.now() - started
  } finally {
    await helia.stop()
    await stores.close()
    await rm(dir, { recursive: true, force: true })
  }
}

export async function importFileMs (totalBytes: number, seed: number, kind: InProcessKind = 'helia'): Promise<number> {
  return importMs([{ path: 'bench.bin', content: content(totalBytes, seed) }], kind)
}

export async function importDirMs (files: number, fileBytes: number, seed: number, kind: InProcessKind = 'helia'): Promise<number> {
  return importMs((function * () {
    for (let i = 0; i < files; i++) {
      yield { path: `bench-dir/${fileName(i)}`, content: [smallFile(fileBytes, seed, i)] }
    }
  })(), kind)
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
