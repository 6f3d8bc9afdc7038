import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

async function randomCid (): Promise<string> {
  return CID.createV1(raw.code, await sha256.digest(randomBytes(32))).toString()
}

// gateway-cache fixtures: only-if-cached, retrieval timeouts, /ipns/ caching
describe('path gateway: caching and local-only answers', () => {
  let cairn: TestCairn
  let root: string

  beforeAll(async () => {
    cairn = await startCairn()
    root = String((await importFixture(cairn, 'gateway-cache/fixtures.car'))[0])
  })
  afterAll(async () => { await cairn.stop() })

  it('answers only-if-cached from local blocks (200) and refuses missing ones with an empty 412, at once', async () => {
    for (const method of ['GET', 'HEAD']) {
      const held = await gateway(cairn, `/ipfs/${root}/root2/root3/root4/?format=json`, { method, headers: { 'cache-control': 'only-if-cached' } })
      expect(held.status).toBe(200)
      await held.arrayBuffer()
      const started = Date.now()
      const missing = await gateway(cairn, `/ipfs/${await randomCid()}`, { method, headers: { 'cache-control': 'only-if-cached' } })
      expect(missing.status).toBe(412)
      expect(await missing.text()).toBe('')
      expect(Date.now() - started).toBeLessThan(1000)
    }
  })

  it('answers 504 with Retry-After when no block arrives within the fetch timeout', async () => {
    const started = Date.now()
    const res = await gateway(cairn, `/ipfs/${await randomCid()}`)
    expect(res.status).toBe(504)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(await res.text()).toContain('not found locally or on the network within 3000 ms')
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('serves /ipns/ names with the record\'s TTL as max-age and the requested path in X-Ipfs-Path', async () => {
    const { name } = await cairn.kubo.name.publish(`/ipfs/${root}`, { allowOffline: true, ttl: '2m' })
    const file = await gateway(cairn, `/ipns/${name}/root2/root3/root4/index.html`)
    expect(file.status).toBe(200)
    expect(file.headers.get('x-ipfs-path')).toBe(`/ipns/${name}/root2/root3/root4/index.html`)
    expect(file.headers.get('x-ipfs-roots')?.split(',')[0]).toBe(CID.parse(root).toString())
    expect(file.headers.get('cache-control')).toMatch(/^public, max-age=(1[0-2]\d|[1-9]\d?)$/)
    expect(file.headers.get('etag')).toBe('"bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am"')
    const etag = file.headers.get('etag') ?? ''
    await file.arrayBuffer()
    expect((await gateway(cairn, `/ipns/${name}/root2/root3/root4/index.html`, { headers: { 'if-none-match': etag } })).status).toBe(304)

    const listing = await gateway(cairn, `/ipns/${name}/root2/root3`)
    expect(listing.status).toBe(301)
    expect(listing.headers.get('location')).toBe(`/ipns/${name}/root2/root3/`)
  })
})

describe('path gateway: CAIRN_GATEWAY_NO_FETCH', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('serves only local blocks on the gateway, while the RPC API still fetches', async () => {
    const a = await startCairn()
    nodes.push(a)
    const b = await startCairn({ env: { CAIRN_PEERS: a.peerAddress, CAIRN_GATEWAY_NO_FETCH: 'true' } })
    nodes.push(b)
    const { cid } = await a.kubo.add('held by A only', { cidVersion: 1 })

    const started = Date.now()
    const res = await gateway(b, `/ipfs/${cid.toString()}`)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('local content only')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await b.service.node.helia.blockstore.has(cid)).toBe(false)

    expect(Buffer.concat(await Array.fromAsync(b.kubo.cat(cid))).toString()).toBe('held by A only')
    expect((await gateway(b, `/ipfs/${cid.toString()}`)).status).toBe(200)
  })
})
