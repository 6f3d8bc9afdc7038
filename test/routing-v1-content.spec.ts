import { randomBytes } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, describe, expect, it } from 'vitest'
import { startSwarm, stopAll } from './fixtures/cairn.ts'
import { peerIdOf, providedAtLeast } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('Delegated Routing V1: providers and peers', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('lists this node and the DHT providers of a CID, as JSON', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const added = await a.kubo.add(randomBytes(2_000))
    await providedAtLeast(a, 1)

    const onA = await fetch(`${a.gatewayUrl}/routing/v1/providers/${added.cid.toString()}`)
    expect(onA.status).toBe(200)
    expect(onA.headers.get('content-type')).toMatch(/^application\/json/)
    expect(onA.headers.get('access-control-allow-origin')).toBe('*')
    expect(onA.headers.get('cache-control')).toBe('public, max-age=300')
    const body = await onA.json() as { Providers: unknown[] }
    expect(body.Providers).toEqual([{
      Schema: 'peer',
      ID: peerIdOf(a),
      Addrs: [a.peerAddress.replace(`/p2p/${peerIdOf(a)}`, '')],
      Protocols: ['transport-bitswap']
    }])

    // B does not hold it: it answers from the DHT
    const onB = await (await fetch(`${b.gatewayUrl}/routing/v1/providers/${added.cid.toV1().toString()}`)).json() as { Providers: Array<{ ID: string }> }
    expect(onB.Providers.map(p => p.ID)).toEqual([peerIdOf(a)])
  })

  it('answers an empty list for a CID nobody provides, and 400 for a bad CID', async () => {
    nodes = await startSwarm(2)
    const [a] = nodes as [TestCairn]
    const missing = CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
    const res = await fetch(`${a.gatewayUrl}/routing/v1/providers/${missing.toString()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=15')
    expect(await res.json()).toEqual({ Providers: [] })

    const nd = await fetch(`${a.gatewayUrl}/routing/v1/providers/${missing.toString()}`, { headers: { accept: 'application/x-ndjson' } })
    expect(nd.headers.get('content-type')).toBe('application/x-ndjson')
    expect(await nd.text()).toBe('')

    expect((await fetch(`${a.gatewayUrl}/routing/v1/providers/not-a-cid`)).status).toBe(400)
  })

  it('finds a peer by base58 ID or libp2p-key CID, and answers an unknown one with an empty list', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const idB = peerIdFromString(peerIdOf(b))
    for (const form of [idB.toString(), idB.toCID().toString()]) {
      const res = await fetch(`${a.gatewayUrl}/routing/v1/peers/${form}`)
      expect(res.status).toBe(200)
      const body = await res.json() as { Peers: Array<{ ID: string, Addrs: string[], Schema: string }> }
      expect(body.Peers).toHaveLength(1)
      expect(body.Peers[0]).toMatchObject({ Schema: 'peer', ID: idB.toString() })
      expect(body.Peers[0]!.Addrs).toContain(b.peerAddress.replace(`/p2p/${idB.toString()}`, ''))
    }
    const self = await (await fetch(`${a.gatewayUrl}/routing/v1/peers/${peerIdOf(a)}`, { headers: { accept: 'application/x-ndjson' } })).text()
    expect(JSON.parse(self.trim())).toMatchObject({ ID: peerIdOf(a) })

    const stranger = '12D3KooWFmiNRSYnTNNnTKcBAJtFb6aTewjAeVtFefyoY1JFob86'
    expect(await (await fetch(`${a.gatewayUrl}/routing/v1/peers/${stranger}`)).json()).toEqual({ Peers: [] })
    expect((await fetch(`${a.gatewayUrl}/routing/v1/peers/nonsense`)).status).toBe(400)
  })
})
