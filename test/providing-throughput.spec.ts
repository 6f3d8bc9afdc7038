import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { dagBlocks } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'

function report (what: string, ms: number): void {
  process.stdout.write(`bitswap ${SIZE_MIB} MiB from A, ${what}: ${(ms / 1000).toFixed(1)} s, ${(SIZE_MIB / (ms / 1000)).toFixed(1)} MiB/s\n`)
}

const MIB = 1024 * 1024
const SIZE_MIB = Number(process.env.CAIRN_MEASURE_MIB ?? 256)

// Measurements for the closing note, not assertions on speed: `CAIRN_MEASURE=1 npx vitest run test/providing-throughput.spec.ts`
describe.skipIf(process.env.CAIRN_MEASURE == null)('bitswap between loopback nodes (measurement)', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it(`transfers ${SIZE_MIB} MiB from A over bitswap, read through the gateway and pinned`, async () => {
    const long = { CAIRN_FETCH_TIMEOUT_MS: '30000' }
    const a = await startCairn({ env: long })
    const b = await startCairn({ env: { ...long, CAIRN_PEERS: a.peerAddress } })
    const c = await startCairn({ env: { ...long, CAIRN_PEERS: a.peerAddress } })
    nodes = [a, b, c]
    const added = await a.kubo.add(Buffer.concat(Array.from({ length: SIZE_MIB }, () => randomBytes(MIB))))
    const blocks = await dagBlocks(a, added.cid)

    let started = performance.now()
    let bytes = 0
    for await (const chunk of (await fetch(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)).body!) {
      bytes += chunk.byteLength
    }
    report('GET /ipfs/<cid> on B', performance.now() - started)
    expect(bytes).toBe(SIZE_MIB * MIB)

    started = performance.now()
    await c.kubo.pin.add(added.cid, { timeout: 600_000 })
    report('pin/add on C', performance.now() - started)
    expect(await dagBlocks(c, added.cid)).toHaveLength(blocks.length)
  }, 900_000)

  it('a third node finds and fetches a CID it was not told about', async () => {
    const a = await startCairn()
    const b = await startCairn({ env: { CAIRN_PEERS: a.peerAddress } })
    const c = await startCairn({ env: { CAIRN_PEERS: b.peerAddress } })
    nodes = [a, b, c]
    const bytes = randomBytes(MIB)
    const added = await a.kubo.add(bytes)
    await expect.poll(() => a.service.node.providing.status().provided).toBeGreaterThanOrEqual(1)
    await c.service.node.helia.libp2p.hangUp(a.service.node.helia.libp2p.peerId)
    const started = performance.now()
    const res = await fetch(`${c.gatewayUrl}/ipfs/${added.cid.toString()}`)
    const body = Buffer.from(await res.arrayBuffer())
    const ms = performance.now() - started
    process.stdout.write(`find + fetch of 1 MiB by a node told only of an empty peer: ${ms.toFixed(0)} ms\n`)
    expect(Buffer.compare(body, bytes)).toBe(0)
  }, 60_000)
})
