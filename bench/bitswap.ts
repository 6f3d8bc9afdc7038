import { ratio } from './lib/row.ts'
import { MIB, median, mibPerSecond } from './lib/stats.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

export interface Fetched { bytes: number, ms: number, stalled?: string }

/** Reads a `GET` to the end; a body cut short (B's gateway gave up on a block) is reported, not thrown. */
export async function fetchCounting (url: string): Promise<Fetched> {
  const started = performance.now()
  let bytes = 0
  try {
    const res = await fetch(url)
    if (!res.ok) {
      throw new Error(`HTTP ${res.status}`)
    }
    for await (const chunk of res.body ?? []) {
      bytes += (chunk as Uint8Array).byteLength
    }
    return { bytes, ms: performance.now() - started }
  } catch (err) {
    return { bytes, ms: performance.now() - started, stalled: (err as Error).message }
  }
}

/**
 * A second node, which has A in CAIRN_PEERS, serves `GET /ipfs/<cid>` of
 * files only A holds: every block crosses bitswap on loopback. Each run
 * fetches a different file, so nothing is cached on B.
 */
export async function bitswapFetch (b: BenchNode, cids: string[], sizeMiB: number, gatewayMiBs: number, blockTimeoutMs: number): Promise<Row> {
  const runs: Fetched[] = []
  for (const cid of cids) {
    runs.push(await fetchCounting(`${b.gatewayUrl}/ipfs/${cid}`))
  }
  const bench = `bitswap fetch ${sizeMiB} MiB between two loopback nodes (GET on B, n=${cids.length})`
  const cut = runs.find(r => r.stalled != null)
  if (cut != null) {
    return {
      bench,
      measured: `stalled: body cut after ${(cut.bytes / MIB).toFixed(0)} of ${sizeMiB} MiB (${(cut.ms / 1000).toFixed(0)} s; a block took > ${blockTimeoutMs / 1000} s)`,
      compared: `gateway stream on A ${gatewayMiBs.toFixed(0)} MiB/s`,
      ratio: '—',
      target: 'report',
      met: false
    }
  }
  const fetched = median(runs.map(r => mibPerSecond(r.bytes, r.ms)))
  return {
    bench,
    measured: `${fetched.toFixed(0)} MiB/s`,
    compared: `gateway stream on A ${gatewayMiBs.toFixed(0)} MiB/s`,
    ratio: ratio(fetched / gatewayMiBs),
    target: 'report'
  }
}
