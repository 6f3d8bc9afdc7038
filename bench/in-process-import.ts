import { randomFillSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { importer } from 'ipfs-unixfs-importer'
import { importerOptions } from '../src/content/import-params.ts'

/**
 * MiB/s of importing `totalBytes` straight into a blockstore on disk, with
 * the same importer settings as `/api/v0/add`: the ceiling the HTTP path is
 * measured against.
 */
export async function inProcessImportMiBs (totalBytes: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-import-'))
  const blockstore = new FsBlockstore(dir)
  await blockstore.open()
  try {
    const content = (function * () {
      for (let sent = 0; sent < totalBytes; sent += 1 << 20) {
        yield randomFillSync(new Uint8Array(Math.min(1 << 20, totalBytes - sent)))
      }
    })()
    const started = performance.now()
    for await (const entry of importer([{ path: 'bench.bin', content }], blockstore, importerOptions('unixfs-v0-2015'))) {
      void entry
    }
    return totalBytes / (1 << 20) / ((performance.now() - started) / 1000)
  } finally {
    await blockstore.close()
    await rm(dir, { recursive: true, force: true })
  }
}
