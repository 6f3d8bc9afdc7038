import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { peerIdOf, providedAtLeast, providerIds } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('peers fetch from any holder', () => {
  let nodes: Array<TestCairn | undefined> = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('B finds A through the DHT (knowing only C), and D fetches from B once A is gone', async () => {
    const a = await startCairn()
    const c = await startCairn({ env: { CAIRN_PEERS: a.peerAddress } })
    const b = await startCairn({ env: { CAIRN_PEERS: c.peerAddress } })
    nodes = [a, b, c]
    const bytes = randomBytes(1_500_000)
    const added = await a.kubo.add(bytes)
    await providedAtLeast(a, 1)
    // A's provide walks the DHT and may meet B on the way: cut that, so B has to look A up
    await b.service.node.helia.libp2p.hangUp(a.service.node.helia.libp2p.peerId)
    await a.service.node.helia.libp2p.hangUp(b.service.node.helia.libp2p.peerId)
    await expect.poll(() => b.service.node.helia.libp2p.getPeers().map(String)).toEqual([peerIdOf(c)])

    await b.kubo.pin.add(added.cid)
    // nobody told B about A: it learnt of it from C's DHT records and dialled it
    expect(b.service.node.helia.libp2p.getPeers().map(String)).toContain(peerIdOf(a))
    expect(await c.service.node.helia.blockstore.has(added.cid)).toBe(false)

    // the pin itself announces B as a holder
    await providedAtLeast(b, 1)
    expect(await providerIds(c, added.cid)).toEqual([peerIdOf(a), peerIdOf(b)].toSorted())

    const ndjson = await fetch(`${c.gatewayUrl}/routing/v1/providers/${added.cid.toString()}`, { headers: { accept: 'application/x-ndjson' } })
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await ndjson.text()).trim().split('\n').map(line => JSON.parse(line) as { ID: string, Schema: string, Addrs: string[], Protocols: string[] })
    expect(lines.map(l => l.ID).toSorted()).toEqual([peerIdOf(a), peerIdOf(b)].toSorted())
    for (const line of lines) {
      expect(line).toMatchObject({ Schema: 'peer', Protocols: ['transport-bitswap'] })
      expect(line.Addrs.length).toBeGreaterThan(0)
    }

    await a.stop()
    nodes = [b, c]
    const d = await startCairn({ env: { CAIRN_PEERS: b.peerAddress } })
    nodes.push(d)
    const res = await fetch(`${d.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(res.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes)).toBe(0)
  })

  it('an add answers before its provide completes, whatever the DHT does', async () => {
    const a = await startCairn({ env: { CAIRN_PROVIDE_TIMEOUT_MS: '60000' } })
    nodes = [a]
    // no peer: a provide can only fail, and must not hold the add back
    const started = Date.now()
    const added = await a.kubo.add(randomBytes(10_000))
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(await a.service.node.helia.blockstore.has(added.cid)).toBe(true)
    expect(a.service.node.providing.status().strategy).toBe('roots')
  })

  it('fails a pin of content nobody holds within the fetch timeout', async () => {
    const a = await startCairn()
    nodes = [a]
    const c = await startCairn({ env: { CAIRN_PEERS: a.peerAddress } })
    nodes.push(c)
    const orphan = await startCairn()
    const cid = (await orphan.kubo.add(randomBytes(1000))).cid
    await orphan.stop()
    const started = Date.now()
    await expect(c.kubo.pin.add(cid)).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
