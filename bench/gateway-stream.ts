import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { content } from './lib/bytes.ts'
import { drain } from './lib/cairn.ts'
import { ratio } from './lib/row.ts'
import { MIB, median, mibPerSecond, repeat } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

/** MiB/s of reading one whole `GET` answer. */
export async function streamMiBs (url: string): Promise<number> {
  const started = performance.now()
  const bytes = await drain(await fetch(url))
  return mibPerSecond(bytes, performance.now() - started)
}

async function diskMiBs (path: string): Promise<number> {
  const started = performance.now()
  let bytes = 0
  for await (const chunk of createReadStream(path, { highWaterMark: MIB })) {
    bytes += (chunk as Buffer).byteLength
  }
  return mibPerSecond(bytes, performance.now() - started)
}

/**
 * `GET /ipfs/<cid>` of a file this node holds, against reading a file of
 * the same bytes straight from disk (both warm in the page cache).
 */
export async function gatewayStream (node: BenchNode, file: { cid: string, seed: number }, sizeMiB: number, runs: number): Promise<{ row: Row, miBs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-disk-'))
  const path = join(dir, 'same-bytes.bin')
  try {
    await writeFile(path, content(sizeMiB * MIB, file.seed))
    const url = `${node.gatewayUrl}/ipfs/${file.cid}`
    const rounds = await repeat(runs, async () => ({ gateway: await streamMiBs(url), disk: await diskMiBs(path) }))
    const gateway = median(rounds.map(r => r.gateway))
    const disk = median(rounds.map(r => r.disk))
    return {
      miBs: gateway,
      row: {
        bench: `gateway stream GET /ipfs/<cid> ${sizeMiB} MiB (n=${runs})`,
        measured: `${gateway.toFixed(0)} MiB/s`,
        compared: `fs.createReadStream of the same bytes ${disk.toFixed(0)} MiB/s`,
        ratio: ratio(gateway / disk),
        target: '≥ 0.6×',
        met: gateway / disk >= 0.6
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
