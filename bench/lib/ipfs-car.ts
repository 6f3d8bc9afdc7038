import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { content } from './bytes.ts'

const IPFS_CAR_BIN = join(dirname(createRequire(import.meta.url).resolve('ipfs-car/package.json')), 'bin.js')

/**
 * Milliseconds for `ipfs-car pack` (the CLI, a process of its own) to turn a
 * file of the same bytes into a CAR on disk: a whole add without a server,
 * the anchor. The file is written first and not timed; ipfs-car
 * uses its own defaults (CIDv1, raw leaves, 1 MiB chunks).
 */
export async function ipfsCarPackMs (totalBytes: number, seed: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-car-'))
  try {
    const file = join(dir, 'bench.bin')
    await pipeline(Readable.from(content(totalBytes, seed)), createWriteStream(file))
    const started = performance.now()
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [IPFS_CAR_BIN, 'pack', file, '--output', join(dir, 'bench.car')], { stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
      child.on('error', reject)
      child.on('exit', (code) => {
        if (code === 0) {
          resolve()
        } else {
          reject(new Error(`ipfs-car pack exited with ${code}: ${stderr.slice(0, 300)}`))
        }
      })
    })
    return performance.now() - started
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
