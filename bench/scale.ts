import { rm } from 'node:fs/promises'
import { tempDataDir } from '../test/fixtures/cairn.ts'
import { smallFile } from './lib/bytes.ts'
import { auth, httpAdd, startNode } from './lib/cairn.ts'
import { multipartBody } from './lib/multipart.ts'
import { median, repeat } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

/** The small files: 64 bytes, 500 to a request, each its own pin (Kubo pins every top-level file of an add). */
const SMALL_FILE_BYTES = 64
const FILES_PER_REQUEST = 500

export interface ScaleOptions {
  /** Pin counts to measure at, rising (5,000, 20,000, 50,000). */
  steps: number[]
  runs: number
}

/**
 * Costs that must not grow with the number of pins: `pin/ls`, `repo/stat`,
 * `repo/gc` with nothing to remove, the console's first page of pins, and a
 * restart to ready, at each step; the pins are added over HTTP as the issue's
 * small files, and that add rate is a row of its own.
 */
export async function scale (options: ScaleOptions, log: (message: string) => void): Promise<Row[]> {
  const dataDir = await tempDataDir()
  const rows: Row[] = []
  let pinned = 0
  try {
    let node = await startNode({}, { dataDir })
    try {
      const addRates: number[] = []
      let addSeconds = 0
      for (const step of options.steps) {
        log(`scale: adding ${step - pinned} small files as pins (to ${step})`)
        const started = performance.now()
        const from = pinned
        for (; pinned < step; pinned += FILES_PER_REQUEST) {
          await addSmallFiles(node, pinned, Math.min(FILES_PER_REQUEST, step - pinned))
        }
        pinned = step
        const seconds = (performance.now() - started) / 1000
        addSeconds += seconds
        addRates.push((step - from) / seconds)

        await node.stop()
        node = await startNode({}, { dataDir })
        rows.push(row(`restart to /readyz with ${count(step)} pins`, node.readyMs, 'report'))
        rows.push(row(`pin/ls (all types) with ${count(step)} pins`, median(await repeat(options.runs, async () => timed(async () => kubo(node, 'pin/ls', step)))), step === last(options.steps) ? '≤ 1000 ms' : 'report'))
        rows.push(row(`pin/ls?type=recursive with ${count(step)} pins`, median(await repeat(options.runs, async () => timed(async () => kubo(node, 'pin/ls?type=recursive', step)))), 'report'))
        rows.push(row(`repo/stat with ${count(step)} pins`, median(await repeat(options.runs, async () => timed(async () => kubo(node, 'repo/stat')))), step === last(options.steps) ? '≤ 200 ms' : 'report'))
        rows.push(row(`repo/gc, nothing to remove, with ${count(step)} pins`, median(await repeat(options.runs, async () => timed(async () => kubo(node, 'repo/gc')))), step === last(options.steps) ? '≤ 3000 ms' : 'report'))
        rows.push(row(`GET /api/v1/pins first page with ${count(step)} pins`, median(await repeat(options.runs, async () => timed(async () => api(node, '/api/v1/pins?limit=50')))), 'report'))
      }
      // over all of them: the first step also pays for a cold process (JIT), the later ones for a bigger repo
      const rate = pinned / addSeconds
      rows.unshift({
        bench: `add ${SMALL_FILE_BYTES} B files, ${FILES_PER_REQUEST} per request, each pinned (${count(pinned)} over HTTP)`,
        measured: `${rate.toFixed(0)} files/s`,
        compared: `by step (${options.steps.map(count).join(', ')}): ${addRates.map(r => r.toFixed(0)).join(', ')} files/s`,
        ratio: '—',
        target: '≥ 2000 files/s',
        met: rate >= 2000,
        headline: true
      })
    } finally {
      await node.stop()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
  return rows
}

async function addSmallFiles (node: BenchNode, first: number, files: number): Promise<void> {
  const parts = (function * () {
    for (let i = first; i < first + files; i++) {
      yield { path: `small-${i}.bin`, content: [smallFile(SMALL_FILE_BYTES, 7, i)] }
    }
  })()
  await httpAdd(node.apiUrl, multipartBody(parts), 'cid-version=1&raw-leaves=true&quiet=true')
}

/** A Kubo RPC call read to the end; with `pins`, the answer must list at least that many. */
async function kubo (node: BenchNode, command: string, pins?: number): Promise<void> {
  const res = await fetch(`${node.apiUrl}/api/v0/${command}`, { method: 'POST', headers: auth })
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`${command}: HTTP ${res.status} ${text.slice(0, 200)}`)
  }
  if (pins != null) {
    const listed = Object.keys((JSON.parse(text) as { Keys: Record<string, unknown> }).Keys).length
    if (listed < pins) {
      throw new Error(`${command} listed ${listed} pins, expected at least ${pins}`)
    }
  }
}

async function api (node: BenchNode, path: string): Promise<void> {
  const res = await fetch(`${node.apiUrl}${path}`, { headers: auth })
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`)
  }
}

async function timed (fn: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

function row (bench: string, ms: number, target: string): Row {
  const limit = /≤ (\d+) ms/.exec(target)?.[1]
  // a row with a target is one of the issue's: in the summary too
  return { bench, measured: `${ms.toFixed(0)} ms`, compared: '—', ratio: '—', target, met: limit == null ? undefined : ms <= Number(limit), headline: limit != null }
}

const count = (n: number): string => n.toLocaleString('en-US')
const last = (values: number[]): number | undefined => values[values.length - 1]
