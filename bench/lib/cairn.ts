import { rm } from 'node:fs/promises'
import { tempDataDir, testEnv } from '../../test/fixtures/cairn.ts'
import { spawnCairn, waitForListening } from '../../test/fixtures/process.ts'
import type { CairnProcess } from '../../test/fixtures/process.ts'

export const BENCH_TOKEN = 'bench-token-0123456789abcdef'
export const auth = { authorization: `Bearer ${BENCH_TOKEN}` }

export interface BenchNode {
  gatewayUrl: string
  apiUrl: string
  pid: number
  /** The libp2p address another node can put in CAIRN_PEERS. */
  peerAddress: string
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number
  proc: CairnProcess
  stop(): Promise<void>
}

/**
 * Spawns the service as `npm start` does (bundle/cairn.js, which `npm run bench`
 * rebuilds first if stale), on loopback with the loopback-only gater and a
 * fresh data dir (or `given.dataDir`, which it leaves in place), and waits for /readyz.
 * BENCH_CPU_PROF=<dir> profiles every spawned node into that dir;
 * BENCH_NODE_ENV='{"UV_THREADPOOL_SIZE":"16"}' adds variables to every spawned node (experiments).
 */
export async function startNode (extra: Record<string, string> = {}, given?: { dataDir: string }): Promise<BenchNode> {
  const dataDir = given?.dataDir ?? await tempDataDir()
  const removeDataDir = async (): Promise<void> => {
    if (given == null) {
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  const profile = process.env.BENCH_CPU_PROF
  const env = testEnv(dataDir, {
    CAIRN_API_TOKEN: BENCH_TOKEN,
    CAIRN_LOG_LEVEL: 'info',
    ...(profile == null ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` }),
    ...JSON.parse(process.env.BENCH_NODE_ENV ?? '{}') as Record<string, string>,
    ...extra
  })
  const started = performance.now()
  const proc = spawnCairn(env)
  try {
    const { gatewayUrl, apiUrl, addresses } = await waitForListening(proc)
    const readyMs = await waitReady(gatewayUrl, started)
    return {
      gatewayUrl,
      apiUrl,
      pid: proc.child.pid ?? 0,
      peerAddress: addresses[0] ?? '',
      readyMs,
      proc,
      async stop () {
        proc.child.kill('SIGTERM')
        await proc.exited
        await removeDataDir()
      }
    }
  } catch (err) {
    proc.child.kill('SIGKILL')
    await removeDataDir()
    throw err
  }
}

async function waitReady (url: string, started: number): Promise<number> {
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined)
    await res?.body?.cancel()
    if (res?.status === 200) {
      return performance.now() - started
    }
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

/** Waits until the node reports at least one libp2p connection. */
export async function waitConnected (url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ready = await (await fetch(`${url}/readyz`)).json() as { connections?: number }
    if ((ready.connections ?? 0) > 0) {
      return
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`${url} made no peer connection within ${timeoutMs} ms`)
}

/** Reads a response to the end and returns its byte count. */
export async function drain (res: Response): Promise<number> {
  if (!res.ok) {
    throw new Error(`${res.url}: HTTP ${res.status} ${await res.text()}`)
  }
  let bytes = 0
  for await (const chunk of res.body ?? []) {
    bytes += (chunk as Uint8Array).byteLength
  }
  return bytes
}

/** POSTs a multipart body to /api/v0/add and returns the last (root) CID of the ndjson answer. */
export async function httpAdd (url: string, upload: { body: ReadableStream<Uint8Array>, contentType: string }, query = ''): Promise<string> {
  const res = await fetch(`${url}/api/v0/add?${query}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': upload.contentType },
    body: upload.body,
    duplex: 'half'
  } as RequestInit)
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`add: HTTP ${res.status} ${text}`)
  }
  const lines = text.trim().split('\n')
  const last = JSON.parse(lines[lines.length - 1] ?? '{}') as { Hash?: string, Message?: string }
  if (last.Hash == null) {
    throw new Error(`add: no Hash in ${lines[lines.length - 1]}`)
  }
  return last.Hash
}
