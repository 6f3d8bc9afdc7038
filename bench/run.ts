/**
 * `npm run bench`: Cairn as `npm start` runs it (a real process on loopback,
 * fresh temp data dir), each figure set beside a same-run comparison, as
 * medians of several runs. Prints one table and writes bench/results.md.
 *
 * Knobs (environment): BENCH_RUNS (3), BENCH_LARGE_RUNS (1, for the 1 GiB
 * upload), BENCH_BITSWAP_RUNS (1), BENCH_DIR_RUNS (1), BENCH_MIB (256), BENCH_FILES (10000), BENCH_LOAD_SECONDS (4),
 * BENCH_ONLY (comma list of: start,store,small,add,stream,bitswap,dir,large,scale),
 * BENCH_SCALE_STEPS (5000,20000,50000: pin counts the scale section measures at),
 * BENCH_CPU_PROF=<dir> (every spawned node writes a .cpuprofile there).
 */
import { availableParallelism, cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { addDir } from './add-dir.ts'
import { addFile } from './add-file.ts'
import { blockstores } from './blockstores.ts'
import { gatewaySmall } from './gateway-small.ts'
import { gatewayStream } from './gateway-stream.ts'
import { peerFetch } from './peer-fetch.ts'
import { startNode } from './lib/cairn.ts'
import { rssMiB } from './lib/memory.ts'
import { scale } from './scale.ts'
import { ratio } from './lib/row.ts'
import { writeResults } from './lib/results.ts'
import { median, repeat } from './lib/stats.ts'
import { table } from './lib/table.ts'
import type { Row } from './lib/row.ts'

const runs = Number(process.env.BENCH_RUNS ?? 3)
const largeRuns = Number(process.env.BENCH_LARGE_RUNS ?? 1)
const bitswapRuns = Number(process.env.BENCH_BITSWAP_RUNS ?? 1)
const dirRuns = Number(process.env.BENCH_DIR_RUNS ?? 1)
const sizeMiB = Number(process.env.BENCH_MIB ?? 256)
const files = Number(process.env.BENCH_FILES ?? 10_000)
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 4)
const scaleSteps = (process.env.BENCH_SCALE_STEPS ?? '5000,20000,50000').split(',').map(Number)
const only = process.env.BENCH_ONLY?.split(',')
const wanted = (name: string): boolean => only == null || only.includes(name)
const IDLE_SETTLE_MS = 3000

const rows: Row[] = []
/** The scale section's rows, a table of their own. */
const scaleRows: Row[] = []
const asHeadline = (row: Row): Row => ({ ...row, headline: true })
const began = performance.now()
const log = (message: string): void => { process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`) }

/** A bench that fails becomes a failed row; the others still run and the table still prints. */
async function section (name: string, fn: () => Promise<void>): Promise<void> {
  log(name)
  try {
    await fn()
  } catch (err) {
    const message = err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err)
    log(`${name} failed: ${message}`)
    rows.push({ bench: name, measured: `failed: ${message.slice(0, 120)}`, compared: '—', ratio: '—', target: '—', met: false })
  }
}

if (wanted('start')) {
  await section(`cold start to /readyz ×${runs}`, async () => {
    const times = await repeat(runs, async () => {
      const node = await startNode()
      await node.stop()
      return node.readyMs
    })
    const ms = median(times)
    rows.push({ bench: `cold start to /readyz, fresh data dir (n=${runs})`, measured: `${ms.toFixed(0)} ms`, compared: '—', ratio: '—', target: '< 1000 ms', met: ms < 1000, headline: true })
  })
}

if (wanted('store')) {
  await section(`blockstores: ${sizeMiB} MiB written and read ×${runs}`, async () => {
    rows.push(...await blockstores(sizeMiB, runs))
  })
}

const a = await startNode()
try {
  await new Promise(resolve => setTimeout(resolve, IDLE_SETTLE_MS))
  const idleMiB = await rssMiB(a.pid)
  const memory: Row[] = []

  if (wanted('small')) {
    await section(`gateway 1 KiB, 64 connections, ${loadSeconds} s ×${runs} against bare Hono`, async () => {
      const small = await gatewaySmall(a, runs, loadSeconds)
      rows.push(...small.rows.map(asHeadline))
      memory.push({ bench: 'peak RSS during the 64-connection gateway load', measured: `${small.peakMiB.toFixed(0)} MiB`, compared: `idle ${idleMiB.toFixed(0)} MiB`, ratio: ratio(small.peakMiB / idleMiB), target: 'report' })
    })
  }

  let added: Array<{ cid: string, seed: number }> = []
  let streamed: number | undefined
  if (wanted('add') || wanted('stream') || wanted('bitswap')) {
    await section(`add ${sizeMiB} MiB ×${runs} (HTTP, in-process, sha256)`, async () => {
      const add = await addFile(a, sizeMiB, runs, 1)
      added = add.added
      if (wanted('add')) {
        rows.push(...add.rows)
      }
    })
  }

  const [first] = added
  if (first != null && (wanted('stream') || wanted('bitswap'))) {
    await section(`gateway stream ${sizeMiB} MiB ×${runs} against disk`, async () => {
      const stream = await gatewayStream(a, first, sizeMiB, runs)
      streamed = stream.miBs
      rows.push(asHeadline(stream.row))
    })
  }

  const gatewayMiBs = streamed
  if (gatewayMiBs != null && wanted('bitswap')) {
    const cids = added.slice(0, Math.max(bitswapRuns, runs)).map(f => f.cid)
    await section(`peer fetch ${sizeMiB} MiB ×${cids.length} from A to B, with and without peer gateways, and two plain Helia peers`, async () => {
      const [target, plain, ...others] = await peerFetch(a, cids, { sizeMiB, gatewayMiBs })
      rows.push(...[target, plain].filter(r => r != null).map(asHeadline), ...others)
    })
  }

  if (wanted('dir')) {
    await section(`add a directory of ${files} files ×${dirRuns}`, async () => {
      rows.push(await addDir(a, files, dirRuns, 100))
    })
  }

  if (wanted('large')) {
    // on a node of its own, so that the peak is the upload's, not what the benches above left in the heap
    await section(`add 1 GiB ×${largeRuns} on a fresh node (HTTP, in-process, sha256)`, async () => {
      const fresh = await startNode()
      try {
        await new Promise(resolve => setTimeout(resolve, IDLE_SETTLE_MS))
        const freshIdleMiB = await rssMiB(fresh.pid)
        const large = await addFile(fresh, 1024, largeRuns, 200)
        rows.push(...large.rows)
        memory.unshift({ bench: 'peak RSS during a 1 GiB upload (fresh node)', measured: `${large.peakMiB.toFixed(0)} MiB`, compared: `idle ${freshIdleMiB.toFixed(0)} MiB`, ratio: ratio(large.peakMiB / freshIdleMiB), target: '< 250 MB', met: large.peakMiB * 1.048576 < 250, headline: true })
      } finally {
        await fresh.stop()
      }
    })
  }
  const afterMiB = await rssMiB(a.pid)
  memory.push({ bench: 'RSS of the node that ran every other bench, at the end', measured: `${afterMiB.toFixed(0)} MiB`, compared: `idle ${idleMiB.toFixed(0)} MiB`, ratio: ratio(afterMiB / idleMiB), target: 'report' })
  rows.push(...memory)
} finally {
  await a.stop()
}
if (wanted('scale')) {
  await section(`scale: ${scaleSteps.join(', ')} pins`, async () => {
    scaleRows.push(...await scale({ steps: scaleSteps, runs }, log))
  })
}
log('done')

const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}, ${process.platform} ${process.arch}`
const took = `${((performance.now() - began) / 1000).toFixed(0)} s`
const headline = [...rows, ...scaleRows].filter(r => r.headline === true)
const tables = [
  ['The performance issue\'s rows', headline],
  ['Scale: costs as pins grow', scaleRows],
  ['Every figure', rows]
] as const
const printed = tables.filter(([, list]) => list.length > 0).map(([title, list]) => `### ${title}\n\n${table(list)}`).join('\n\n')

process.stdout.write(`\nCairn benchmark: ${machine}; medians of ${runs} runs (1 GiB: ${largeRuns}); took ${took}\n\n${printed}\n`)

if (only == null) {
  await writeResults(fileURLToPath(new URL('./results.md', import.meta.url)), {
    date: new Date().toISOString().slice(0, 10),
    about: `${machine}. Medians of ${runs} runs (the 1 GiB upload: ${largeRuns}), each figure measured back to back with its comparison in the same round; the whole run took ${took}.`,
    tables: printed
  })
}
