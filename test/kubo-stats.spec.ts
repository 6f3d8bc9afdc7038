import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir, testEnv } from './fixtures/cairn.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import type { CairnProcess } from './fixtures/process.ts'

const TOKEN = 'stats-test-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

interface Node { proc: CairnProcess, dataDir: string, apiUrl: string, gatewayUrl: string, address: string }

/**
 * A Cairn process of its own: libp2p's Prometheus bindings keep their metric
 * objects process-wide, so two nodes in one process would share counters.
 * Peer gateways are off: these counters are bitswap's and libp2p's, and two
 * Cairn nodes would otherwise move the blocks over HTTP.
 */
async function spawnNode (peers: string[] = []): Promise<Node> {
  const dataDir = await tempDataDir()
  const proc = spawnCairn(testEnv(dataDir, { CAIRN_LOG_LEVEL: 'info', CAIRN_API_TOKEN: TOKEN, CAIRN_PEERS: peers.join(','), CAIRN_PEER_GATEWAYS: 'false' }))
  const { apiUrl, gatewayUrl, addresses } = await waitForListening(proc)
  return { proc, dataDir, apiUrl, gatewayUrl, address: addresses[0] ?? '' }
}

interface Bitswap { BlocksReceived: number, DataReceived: number, BlocksSent: number, DataSent: number, Peers: string[], Wantlist: unknown[] }
interface Bandwidth { TotalIn: number, TotalOut: number, RateIn: number, RateOut: number }

describe('stats/bw and stats/bitswap, in Kubo\'s shapes', () => {
  let a: Node
  let b: Node
  let idA = ''

  const rpc = async <T>(node: Node, path: string, body?: FormData): Promise<T> =>
    (await fetch(`${node.apiUrl}/api/v0/${path}`, { method: 'POST', headers: auth, body })).json() as Promise<T>

  beforeAll(async () => {
    a = await spawnNode()
    b = await spawnNode([a.address])
    idA = (await rpc<{ ID: string }>(a, 'id')).ID
    const deadline = Date.now() + 10_000
    while ((await rpc<Bitswap>(b, 'stats/bitswap')).Peers[0] !== idA && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  })
  afterAll(async () => {
    for (const node of [b, a]) {
      node?.proc.child.kill('SIGTERM')
      await node?.proc.exited
      await rm(node?.dataDir ?? '', { recursive: true, force: true })
    }
  })

  it('counts the blocks and bytes one peer sent the other', async () => {
    const data = randomBytes(600_000)
    const form = new FormData()
    form.append('file', new Blob([data]), 'data.bin')
    const { Hash } = await rpc<{ Hash: string }>(a, 'add?cid-version=1&raw-leaves=true', form)
    const before = await rpc<Bitswap>(b, 'stats/bitswap')
    const fetched = Buffer.from(await (await fetch(`${b.gatewayUrl}/ipfs/${Hash}`)).arrayBuffer())
    expect(fetched.equals(data)).toBe(true)

    const sent = await rpc<Bitswap>(a, 'stats/bitswap')
    const received = await rpc<Bitswap>(b, 'stats/bitswap')
    expect(sent.BlocksSent).toBeGreaterThanOrEqual(3)
    expect(sent.DataSent).toBeGreaterThanOrEqual(data.length)
    // Helia 7 does not count received blocks (src/metrics/kubo-stats.ts); the bytes are libp2p's count
    expect(received.BlocksReceived).toBeGreaterThanOrEqual(before.BlocksReceived)
    expect(received.DataReceived - before.DataReceived).toBeGreaterThanOrEqual(data.length)
    expect(received.Peers).toEqual([idA])
    expect(received.Wantlist).toEqual([])
  })

  it('reports libp2p traffic totals and a rate between two readings', async () => {
    const first = await rpc<Bandwidth>(b, 'stats/bw')
    expect(first.TotalIn).toBeGreaterThan(600_000)
    expect(first.TotalOut).toBeGreaterThan(0)
    await new Promise(resolve => setTimeout(resolve, 200))
    const second = await rpc<Bandwidth>(b, 'stats/bw')
    expect(second.TotalIn).toBeGreaterThanOrEqual(first.TotalIn)
    expect(second.RateIn).toBeGreaterThanOrEqual(0)
    expect(Object.keys(second).toSorted()).toEqual(['RateIn', 'RateOut', 'TotalIn', 'TotalOut'])
  })
})
