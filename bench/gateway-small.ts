import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { smallFile } from './lib/bytes.ts'
import { drain, httpAdd } from './lib/cairn.ts'
import { peakRssDuring, rssMiB } from './lib/memory.ts'
import { multipartBody } from './lib/multipart.ts'
import { ratio } from './lib/row.ts'
import { median, repeat } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url))
const HONO_STATIC = fileURLToPath(new URL('./hono-static.ts', import.meta.url))
const CONNECTIONS = 64
const FILE_BYTES = 1024

interface Load { rps: number, p50: number, p99: number, errors: number, non2xx: number }

/** autocannon in its own process, so the load generator and the bench's own bookkeeping do not share an event loop. */
async function autocannon (url: string, seconds: number): Promise<Load> {
  const child = spawn(process.execPath, [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', url], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const [code] = await once(child, 'exit') as [number | null]
  if (code !== 0) {
    throw new Error(`autocannon exited with ${code}: ${err.trim().split('\n').slice(0, 3).join(' ')}`)
  }
  const result = JSON.parse(out) as { requests: { average: number }, latency: { p50: number, p99: number }, errors: number, non2xx: number }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }
}

async function startHonoStatic (): Promise<{ url: string, stop(): Promise<void> }> {
  const child = spawn(process.execPath, [HONO_STATIC], { env: { PATH: process.env.PATH, BENCH_BYTES: String(FILE_BYTES) }, stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string]
  return {
    url: line.trim(),
    async stop () {
      child.kill('SIGTERM')
      if (child.exitCode == null) {
        await once(child, 'exit')
      }
    }
  }
}

export interface GatewaySmallResult {
  rows: Row[]
  idleMiB: number
  peakMiB: number
}

/**
 * `GET /ipfs/<cid>` of a 1 KiB file held locally, 64 connections, against a
 * bare Hono server answering the same bytes from memory; the two alternate
 * within each round.
 */
export async function gatewaySmall (node: BenchNode, runs: number, seconds: number): Promise<GatewaySmallResult> {
  const cid = await httpAdd(node.apiUrl, multipartBody([{ path: 'small.bin', content: [smallFile(FILE_BYTES, 0, 0)] }]))
  const cairnUrl = `${node.gatewayUrl}/ipfs/${cid}`
  await drain(await fetch(cairnUrl))
  const hono = await startHonoStatic()
  const honoUrl = `${hono.url}/ipfs/${cid}`
  const idleMiB = await rssMiB(node.pid)
  const peaks: number[] = []
  try {
    await autocannon(cairnUrl, 1)
    await autocannon(honoUrl, 1)
    const rounds = await repeat(runs, async () => {
      const { result: cairn, peakMiB } = await peakRssDuring(node.pid, async () => autocannon(cairnUrl, seconds))
      peaks.push(peakMiB)
      if (cairn.errors > 0 || cairn.non2xx > 0) {
        throw new Error(`gateway load: ${cairn.errors} errors, ${cairn.non2xx} non-2xx answers`)
      }
      return { cairn, hono: await autocannon(honoUrl, seconds) }
    })
    const rps = median(rounds.map(r => r.cairn.rps))
    const honoRps = median(rounds.map(r => r.hono.rps))
    const p50 = median(rounds.map(r => r.cairn.p50))
    const p99 = median(rounds.map(r => r.cairn.p99))
    const honoP50 = median(rounds.map(r => r.hono.p50))
    const honoP99 = median(rounds.map(r => r.hono.p99))
    return {
      idleMiB,
      peakMiB: Math.max(...peaks),
      rows: [{
        bench: `gateway GET /ipfs/<cid> 1 KiB cached, ${CONNECTIONS} conns, ${seconds} s (n=${runs})`,
        measured: `${rps.toFixed(0)} req/s, p50 ${p50} ms, p99 ${p99} ms`,
        compared: `bare Hono from memory ${honoRps.toFixed(0)} req/s, p50 ${honoP50} ms, p99 ${honoP99} ms`,
        ratio: ratio(rps / honoRps),
        target: '≥ 0.5×',
        met: rps / honoRps >= 0.5
      }]
    }
  } finally {
    await hono.stop()
  }
}
