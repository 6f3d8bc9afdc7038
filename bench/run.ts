/**
 * `npm run bench`: start-up, memory and throughput of a real Cairn process on
 * loopback, printed as a table. Sizes: BENCH_MIB (default 256).
 */
import { readFile, rm } from 'node:fs/promises'
import { tempDataDir, testEnv } from '../test/fixtures/cairn.ts'
import { spawnCairn, waitForListening } from '../test/fixtures/process.ts'
import { inProcessImportMiBs } from './in-process-import.ts'
import { streamingUpload } from './upload-body.ts'

const MIB = 1 << 20
const sizeMiB = Number(process.env.BENCH_MIB ?? 256)
const token = 'bench-token-0123456789abcdef'
const auth = { authorization: `Bearer ${token}` }

interface Row { metric: string, value: string }
const rows: Row[] = []
const record = (metric: string, value: string): void => { rows.push({ metric, value }) }

async function procStatus (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return kib / 1024
}

async function drainBody (res: Response): Promise<number> {
  let bytes = 0
  for await (const chunk of res.body ?? []) {
    bytes += (chunk as Uint8Array).byteLength
  }
  return bytes
}

const dataDir = await tempDataDir()
try {
  const started = performance.now()
  const proc = spawnCairn(testEnv(dataDir, { CAIRN_API_TOKEN: token, CAIRN_LOG_LEVEL: 'info' }))
  const url = await waitForListening(proc)
  record('cold start to listening (fresh data dir)', `${Math.round(performance.now() - started)} ms`)
  const pid = proc.child.pid ?? 0

  await new Promise(resolve => setTimeout(resolve, 3000))
  record('idle RSS after 3 s', `${(await procStatus(pid, 'VmRSS')).toFixed(0)} MiB`)

  const upload = streamingUpload(sizeMiB * MIB)
  let t = performance.now()
  const added = await fetch(`${url}/api/v0/add`, {
    method: 'POST',
    headers: { ...auth, 'content-type': upload.contentType },
    body: upload.body,
    duplex: 'half'
  } as RequestInit)
  const { Hash } = await added.json() as { Hash: string }
  let seconds = (performance.now() - t) / 1000
  const httpAdd = sizeMiB / seconds
  record(`add ${sizeMiB} MiB over HTTP (streamed multipart, CIDv0, pinned)`, `${httpAdd.toFixed(0)} MiB/s`)
  record('peak RSS during add', `${(await procStatus(pid, 'VmHWM')).toFixed(0)} MiB`)

  t = performance.now()
  const got = await drainBody(await fetch(`${url}/ipfs/${Hash}`))
  seconds = (performance.now() - t) / 1000
  record(`GET /ipfs/<cid> ${sizeMiB} MiB`, `${(got / MIB / seconds).toFixed(0)} MiB/s`)

  t = performance.now()
  const catted = await drainBody(await fetch(`${url}/api/v0/cat?arg=${Hash}`, { method: 'POST', headers: auth }))
  seconds = (performance.now() - t) / 1000
  record(`POST /api/v0/cat ${sizeMiB} MiB`, `${(catted / MIB / seconds).toFixed(0)} MiB/s`)
  record('peak RSS overall', `${(await procStatus(pid, 'VmHWM')).toFixed(0)} MiB`)

  proc.child.kill('SIGTERM')
  t = performance.now()
  const code = await proc.exited
  record('graceful shutdown', `${Math.round(performance.now() - t)} ms (exit ${code})`)

  const restart = performance.now()
  const again = spawnCairn(testEnv(dataDir, { CAIRN_API_TOKEN: token, CAIRN_LOG_LEVEL: 'info' }))
  await waitForListening(again)
  record('warm start to listening (existing data dir)', `${Math.round(performance.now() - restart)} ms`)
  again.child.kill('SIGTERM')
  await again.exited

  const direct = await inProcessImportMiBs(sizeMiB * MIB)
  record(`import ${sizeMiB} MiB in-process (importer -> FsBlockstore, same settings)`, `${direct.toFixed(0)} MiB/s (HTTP add at ${(100 * httpAdd / direct).toFixed(0)}%)`)
} finally {
  await rm(dataDir, { recursive: true, force: true })
}

const width = Math.max(...rows.map(r => r.metric.length))
process.stdout.write(`\nCairn benchmark (node ${process.versions.node}, ${sizeMiB} MiB payload)\n\n`)
process.stdout.write(`| ${'metric'.padEnd(width)} | value\n|${'-'.repeat(width + 2)}|------\n`)
for (const row of rows) {
  process.stdout.write(`| ${row.metric.padEnd(width)} | ${row.value}\n`)
}
