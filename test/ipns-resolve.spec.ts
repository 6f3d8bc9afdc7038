import last from 'it-last'
import { unmarshalIPNSRecord } from 'ipns'
import { afterEach, describe, expect, it } from 'vitest'
import { startSwarm, stopAll } from './fixtures/cairn.ts'
import { rpc } from './fixtures/keys.ts'
import { api, getRecord } from './fixtures/names.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const TTL_MS = 2_000

describe('IPNS across a 3-node private swarm', () => {
  let nodes: TestCairn[] = []

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('publishes on A, resolves on B and C, and serves an update once the TTL has passed', async () => {
    nodes = await startSwarm(3)
    const [a, b, c] = nodes as [TestCairn, TestCairn, TestCairn]
    const first = await a.kubo.add('first version\n')
    const published = await a.kubo.name.publish(first.cid, { ttl: `${TTL_MS}ms`, lifetime: '2h' })
    const name = published.name

    for (const node of [b, c]) {
      expect(await last(node.kubo.name.resolve(name))).toBe(`/ipfs/${first.cid.toString()}`)
      const resolved = await (await api(node, 'GET', `/names/resolve?name=${encodeURIComponent(`/ipns/${name}/a/b`)}`)).json()
      expect(resolved).toEqual({ name: `/ipns/${name}/a/b`, path: `/ipfs/${first.cid.toString()}/a/b`, ttlMs: expect.any(Number) })
      expect(resolved.ttlMs).toBeLessThanOrEqual(TTL_MS)
    }

    // the record as A signed it, with the lifetime and TTL asked for
    const record = unmarshalIPNSRecord(new Uint8Array(await (await getRecord(b, name)).arrayBuffer()))
    expect(record.ttl).toBe(BigInt(TTL_MS) * 1_000_000n)
    expect(Date.parse(record.validity) - Date.now()).toBeGreaterThan(110 * 60_000)
    expect('signatureV1' in record).toBe(true)

    const second = await a.kubo.add('second version\n')
    const updated = await rpc(a, 'name/publish', { arg: second.cid.toString(), v1compat: 'false' })
    expect(updated.status).toBe(200)
    const started = Date.now()
    for (const node of [b, c]) {
      let path = ''
      while (path !== `/ipfs/${second.cid.toString()}` && Date.now() - started < TTL_MS + 5_000) {
        path = await last(node.kubo.name.resolve(name)) ?? ''
      }
      expect(path).toBe(`/ipfs/${second.cid.toString()}`)
    }
    // never later than one TTL plus a lookup
    expect(Date.now() - started).toBeLessThan(TTL_MS + 5_000)
    const v2only = unmarshalIPNSRecord(new Uint8Array(await (await getRecord(c, name)).arrayBuffer()))
    expect({ sequence: v2only.sequence, v1: 'signatureV1' in v2only }).toEqual({ sequence: 1n, v1: false })

    const own = await (await api(a, 'GET', '/names')).json()
    expect(own.names).toEqual([expect.objectContaining({
      name, kind: 'own', key: 'self', value: `/ipfs/${second.cid.toString()}`, sequence: '1', lastPeers: 2, lastError: null
    })])
  })

  it('answers from its cache within the TTL, even with the publisher gone, and asks again with nocache', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const { cid } = await a.kubo.add('cached\n')
    const { name } = await a.kubo.name.publish(cid, { ttl: '1h' })
    expect(await last(b.kubo.name.resolve(name))).toBe(`/ipfs/${cid.toString()}`)

    await a.stop()
    const started = Date.now()
    expect(await last(b.kubo.name.resolve(name))).toBe(`/ipfs/${cid.toString()}`)
    expect(Date.now() - started).toBeLessThan(1_000)
    const cached = await (await api(b, 'GET', `/names/resolve?name=${name}`)).json()
    expect(cached.ttlMs).toBeGreaterThan(59 * 60_000)

    // with no peer left to ask, nocache still gets the record B holds
    expect(await last(b.kubo.name.resolve(name, { nocache: true }))).toBe(`/ipfs/${cid.toString()}`)
    expect((await rpc(b, 'name/resolve', { arg: 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8', 'dht-timeout': '300ms' })).status).toBe(404)
  })
})
