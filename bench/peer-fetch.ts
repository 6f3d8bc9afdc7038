import { unixfs } from '@helia/unixfs'
import { startPlainHelia } from '../test/fixtures/plain-helia.ts'
import { fetchCounting } from './lib/fetch-counting.ts'
import { content } from './lib/bytes.ts'
import { startNode, waitConnected } from './lib/cairn.ts'
import { ratio } from './lib/row.ts'
import { MIB, median, mibPerSecond } from './lib/stats.ts'
import type { Fetched } from './lib/fetch-counting.ts'
import type { BenchNode } from './lib/cairn.ts'
import type { Row } from './lib/row.ts'

/** B gives up on a block after this long; the test default (3 s) is shorter than bitswap's pauses under load. */
const BLOCK_TIMEOUT_MS = 15_000
/** The target for a second Cairn fetching from the first. */
const TARGET_MIBS = 150

export interface PeerFetchOptions {
  sizeMiB: number
  /** A's gateway streaming one of these files, MiB/s, measured in the same run. */
  gatewayMiBs: number
}

/**
 * A second Cairn, B, with A in CAIRN_PEERS, serves `GET /ipfs/<cid>` of files
 * only A holds: once as shipped (DAGs from A's gateway as verified CARs,
 * bitswap for the rest) and once on a B with CAIRN_PEER_GATEWAYS=false
 * (bitswap only), each file once on each B so nothing is cached. Then two
 * plain Helia nodes (the test fixture's: loopback gater, no public defaults,
 * in-memory stores, both in this process) move a file of the same size over
 * bitswap, the anchor the issue names.
 */
export async function peerFetch (a: BenchNode, cids: string[], options: PeerFetchOptions): Promise<Row[]> {
  const { sizeMiB, gatewayMiBs } = options
  const env = { CAIRN_PEERS: a.peerAddress, CAIRN_FETCH_TIMEOUT_MS: String(BLOCK_TIMEOUT_MS), CAIRN_GATEWAY_RETRIEVAL_TIMEOUT_MS: String(BLOCK_TIMEOUT_MS) }
  const fast = await fetchAll({ ...env }, cids)
  const bitswap = await fetchAll({ ...env, CAIRN_PEER_GATEWAYS: 'false' }, cids)
  const helia = await plainHeliaMiBs(sizeMiB, 7000)
  const n = cids.length
  const gateway = `gateway stream on A ${gatewayMiBs.toFixed(0)} MiB/s`
  return [
    row(`peer fetch ${sizeMiB} MiB Cairn→Cairn, GET on B (peer gateway CARs + bitswap, n=${n})`, fast, gateway, gatewayMiBs, `≥ ${TARGET_MIBS} MiB/s`, true),
    row(`peer fetch ${sizeMiB} MiB Cairn→Cairn, GET on B (peer gateway CARs + bitswap, n=${n})`, fast, `two plain Helia peers over bitswap ${helia.toFixed(0)} MiB/s (n=1)`, helia, 'report', false),
    row(`peer fetch ${sizeMiB} MiB Cairn→Cairn, GET on B (CAIRN_PEER_GATEWAYS=false: bitswap only, n=${n})`, bitswap, gateway, gatewayMiBs, 'report', false)
  ]
}

function row (bench: string, runs: Fetched[], compared: string, against: number, target: string, targeted: boolean): Row {
  const cut = runs.find(r => r.stalled != null)
  if (cut != null) {
    return { bench, measured: `stalled after ${(cut.bytes / MIB).toFixed(0)} MiB: ${cut.stalled ?? ''}`, compared, ratio: '—', target, met: targeted ? false : undefined }
  }
  const miBs = median(runs.map(r => mibPerSecond(r.bytes, r.ms)))
  return { bench, measured: `${miBs.toFixed(0)} MiB/s`, compared, ratio: ratio(miBs / against), target, met: targeted ? miBs >= TARGET_MIBS : undefined }
}

async function fetchAll (env: Record<string, string>, cids: string[]): Promise<Fetched[]> {
  const b = await startNode(env)
  try {
    await waitConnected(b.gatewayUrl)
    const runs: Fetched[] = []
    for (const cid of cids) {
      runs.push(await fetchCounting(`${b.gatewayUrl}/ipfs/${cid}`))
    }
    return runs
  } finally {
    await b.stop()
  }
}

/** Two plain Helia nodes: the first adds `sizeMiB` of fresh bytes, the second dials it and reads the file through bitswap. */
async function plainHeliaMiBs (sizeMiB: number, seed: number): Promise<number> {
  const holder = await startPlainHelia()
  const reader = await startPlainHelia()
  try {
    const cid = await unixfs(holder).addByteStream(content(sizeMiB * MIB, seed))
    const address = holder.libp2p.getMultiaddrs()[0]
    if (address == null) {
      throw new Error('the plain Helia holder has no address')
    }
    await reader.libp2p.dial(address, { signal: AbortSignal.timeout(10_000) })
    const started = performance.now()
    let bytes = 0
    for await (const chunk of unixfs(reader).cat(cid, { signal: AbortSignal.timeout(600_000) })) {
      bytes += chunk.byteLength
    }
    return mibPerSecond(bytes, performance.now() - started)
  } finally {
    await reader.stop()
    await holder.stop()
  }
}
