import { withHTTP } from '@helia/http'
import { httpGatewayRouting } from '@helia/routers'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { MemoryBlockstore } from 'blockstore-core'
import { createHeliaLight } from 'helia'
import { extract } from 'it-tar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refusingDns } from '../src/network/refusing-dns.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { Router } from '@helia/interface'
import type { VerifiedFetch } from '@helia/verified-fetch'
import type { Helia } from 'helia'

/**
 * A light client with an empty in-memory store, no libp2p and no router but
 * one that names Cairn as the holder of every CID: whatever it shows came
 * from Cairn as raw blocks, each hashed against its CID on arrival.
 */
describe('@helia/verified-fetch with Cairn as its only trustless gateway', () => {
  let cairn: TestCairn
  let client: Helia
  let verifiedFetch: VerifiedFetch
  const requested: URL[] = []
  const realFetch = globalThis.fetch
  const big = new Uint8Array(700_000).map((_, i) => (i * 31) % 251)
  let dir = ''

  beforeAll(async () => {
    cairn = await startCairn()
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'site/index.html', content: '<h1>hi</h1>' },
      { path: 'site/data/big.bin', content: big }
    ], { cidVersion: 1, rawLeaves: true }))
    dir = added.find(a => a.path === 'site')?.cid.toString() ?? ''

    // every request the client makes is recorded; one to anything but loopback fails the test
    globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString())
      requested.push(url)
      if (url.hostname !== '127.0.0.1') {
        throw new Error(`the client tried to reach ${url.host}`)
      }
      return realFetch(input, init)
    }
    // @helia/http's trustless-gateway broker with no router of its own; Cairn is named the holder of every CID
    // by a plain router (Helia 7 waits forever when its only router is a `fallback` one, as recursiveGateways adds)
    client = withHTTP(createHeliaLight({ blockstore: new MemoryBlockstore(), dns: refusingDns() }), {
      delegatedRouters: [],
      recursiveGateways: [],
      allowInsecure: true,
      allowLocal: true
    })
    // @helia/routers types it against its own copy of @helia/interface: the same Router, another declaration
    client.addRouter(httpGatewayRouting({ gateways: [cairn.gatewayUrl], shuffle: false }) as unknown as Router)
    await client.start()
    verifiedFetch = await createVerifiedFetch(client)
  })
  afterAll(async () => {
    globalThis.fetch = realFetch
    await verifiedFetch?.stop()
    await client?.stop()
    await cairn?.stop()
  })

  it('fetches and verifies a multi-block file by path', async () => {
    const res = await verifiedFetch(`ipfs://${dir}/data/big.bin`, { signal: AbortSignal.timeout(20_000) })
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(big)
  })

  it('fetches and verifies a whole directory', async () => {
    const res = await verifiedFetch(`ipfs://${dir}`, { headers: { accept: 'application/x-tar' }, signal: AbortSignal.timeout(20_000) })
    expect(res.status).toBe(200)
    const files = new Map<string, Buffer>()
    for await (const entry of extract()(res.body ?? [])) {
      files.set(entry.header.name, Buffer.concat(await Array.fromAsync(entry.body)))
    }
    expect(files.get(`${dir}/index.html`)?.toString()).toBe('<h1>hi</h1>')
    expect(new Uint8Array(files.get(`${dir}/data/big.bin`) ?? [])).toEqual(big)
  })

  it('asked Cairn, and only Cairn, for raw blocks', () => {
    expect(requested.length).toBeGreaterThan(3)
    for (const url of requested) {
      expect(url.origin).toBe(cairn.gatewayUrl)
      expect(url.searchParams.get('format')).toBe('raw')
    }
  })
})
