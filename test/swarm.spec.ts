import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, describe, expect, it } from 'vitest'
import { isLoopbackMultiaddr } from '../src/network/loopback-gater.ts'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('two instances on loopback', () => {
  let nodes: TestCairn[] = []

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('B serves through its gateway content that only A added', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const bytes = randomBytes(700_000)
    const added = await a.kubo.add(bytes)
    expect(await b.service.node.helia.blockstore.has(added.cid)).toBe(false)

    const res = await fetch(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(res.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes)).toBe(0)
    // the blocks now live on B too, so any peer can fetch them from B
    expect(await b.service.node.helia.blockstore.has(added.cid)).toBe(true)
  })

  it('dials nothing but loopback in the private profile', async () => {
    nodes = await startSwarm(3)
    const [a, , c] = nodes as [TestCairn, TestCairn, TestCairn]
    const added = await a.kubo.add('only loopback traffic')
    const res = await fetch(`${c.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(await res.text()).toBe('only loopback traffic')

    for (const node of nodes) {
      const remotes = node.service.node.helia.libp2p.getConnections().map(conn => conn.remoteAddr)
      expect(remotes.length).toBeGreaterThan(0)
      expect(remotes.every(isLoopbackMultiaddr)).toBe(true)
      expect(node.refused).toEqual([])
    }
  })

  it('refuses a configured peer that is not on loopback, without failing to start', async () => {
    const outsider = '/ip4/203.0.113.9/tcp/4001/p2p/12D3KooWFmiNRSYnTNNnTKcBAJtFb6aTewjAeVtFefyoY1JFob86'
    const node = await startCairn({ env: { CAIRN_PEERS: outsider } })
    nodes = [node]
    expect(node.refused.map(r => r.address.toString())).toContain(outsider)
    expect(node.refused.every(r => r.direction === 'dial')).toBe(true)
    expect(node.service.node.helia.libp2p.getConnections()).toEqual([])
  })

  it('answers 504 for content no peer holds, within the fetch timeout', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const missing = CID.createV1(raw.code, await sha256.digest(randomBytes(64)))
    expect(a.service.node.helia.libp2p.getConnections().length).toBeGreaterThan(0)

    const started = Date.now()
    const res = await fetch(`${b.gatewayUrl}/ipfs/${missing.toString()}`)
    expect(res.status).toBe(504)
    expect(await res.text()).toContain('not found locally or on the network')
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})
