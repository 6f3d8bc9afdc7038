import { multipartBody } from './lib/multipart.ts'
import { content } from './lib/bytes.ts'
import { httpAdd } from './lib/cairn.ts'
import { importFileMs, sha256Ms } from './lib/in-process.ts'
import { ipfsCarPackMs } from './lib/ipfs-car.ts'
import { peakRssDuring } from './lib/memory.ts'
import { ratio } from './lib/row.ts'
import { MIB, median, mibPerSecond, repeat } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

export interface AddFileResult {
  rows: Row[]
  /** CID and seed of each file added, for the read benches. */
  added: Array<{ cid: string, seed: number }>
  httpMiBs: number
  peakMiB: number
}

/**
 * `/api/v0/add` of one random file, against an in-process `@helia/unixfs`
 * import into the same kind of stores (and, for reference, the bare importer
 * beneath Helia), against sha256 of the same bytes and `ipfs-car pack` of a
 * file of them; all run back to back
 * in each round so drift hits them alike.
 */
export async function addFile (node: BenchNode, sizeMiB: number, runs: number, firstSeed: number): Promise<AddFileResult> {
  const bytes = sizeMiB * MIB
  const added: AddFileResult['added'] = []
  const peaks: number[] = []
  const rounds = await repeat(runs, async (run) => {
    const seed = firstSeed + run
    const { result, peakMiB } = await peakRssDuring(node.pid, async () => {
      const started = performance.now()
      const cid = await httpAdd(node.apiUrl, multipartBody([{ path: 'bench.bin', content: content(bytes, seed) }]))
      return { cid, ms: performance.now() - started }
    })
    added.push({ cid: result.cid, seed })
    peaks.push(peakMiB)
    return {
      http: mibPerSecond(bytes, result.ms),
      inProcess: mibPerSecond(bytes, await importFileMs(bytes, seed)),
      importer: mibPerSecond(bytes, await importFileMs(bytes, seed, 'importer')),
      sha: mibPerSecond(bytes, sha256Ms(bytes, seed)),
      car: mibPerSecond(bytes, await ipfsCarPackMs(bytes, seed))
    }
  })
  const http = median(rounds.map(r => r.http))
  const inProcess = median(rounds.map(r => r.inProcess))
  const sha = median(rounds.map(r => r.sha))
  const bare = median(rounds.map(r => r.importer))
  const car = median(rounds.map(r => r.car))
  const name = `add ${sizeMiB >= 1024 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`} over HTTP (n=${runs})`
  return {
    added,
    httpMiBs: http,
    peakMiB: Math.max(...peaks),
    rows: [
      { bench: name, measured: `${http.toFixed(0)} MiB/s`, compared: `in-process @helia/unixfs ${inProcess.toFixed(0)} MiB/s`, ratio: ratio(http / inProcess), target: '≥ 0.9×', met: http / inProcess >= 0.9 },
      { bench: name, measured: `${http.toFixed(0)} MiB/s`, compared: `bare importer, no Helia ${bare.toFixed(0)} MiB/s`, ratio: ratio(http / bare), target: 'report', met: undefined },
      { bench: name, measured: `${http.toFixed(0)} MiB/s`, compared: `sha256 ${sha.toFixed(0)} MiB/s`, ratio: ratio(http / sha), target: '≥ 0.5×', met: http / sha >= 0.5, headline: true },
      { bench: name, measured: `${http.toFixed(0)} MiB/s`, compared: `ipfs-car pack (CLI, file to CAR) ${car.toFixed(0)} MiB/s`, ratio: ratio(http / car), target: 'report', met: undefined, headline: true }
    ]
  }
}
