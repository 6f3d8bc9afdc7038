import { smallFile } from './lib/bytes.ts'
import { httpAdd } from './lib/cairn.ts'
import { fileName, importDirMs } from './lib/in-process.ts'
import { multipartBody } from './lib/multipart.ts'
import { ratio } from './lib/row.ts'
import { median, repeat } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

const FILE_BYTES = 1024

/** `/api/v0/add` of one directory of `files` 1 KiB files against an in-process `@helia/unixfs` import. */
export async function addDir (node: BenchNode, files: number, runs: number, firstSeed: number): Promise<Row> {
  const rounds = await repeat(runs, async (run) => {
    const seed = firstSeed + run
    const parts = (function * () {
      for (let i = 0; i < files; i++) {
        yield { path: `bench-dir/${fileName(i)}`, content: [smallFile(FILE_BYTES, seed, i)] }
      }
    })()
    const started = performance.now()
    await httpAdd(node.apiUrl, multipartBody(parts))
    const httpMs = performance.now() - started
    return { http: files / (httpMs / 1000), inProcess: files / (await importDirMs(files, FILE_BYTES, seed) / 1000) }
  })
  const http = median(rounds.map(r => r.http))
  const inProcess = median(rounds.map(r => r.inProcess))
  return {
    bench: `add a directory of ${files} × 1 KiB files over HTTP (n=${runs})`,
    measured: `${http.toFixed(0)} files/s`,
    compared: `in-process @helia/unixfs ${inProcess.toFixed(0)} files/s`,
    ratio: ratio(http / inProcess),
    target: '≥ 0.8×',
    met: http / inProcess >= 0.8
  }
}
