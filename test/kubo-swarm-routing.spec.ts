import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { rpcLines } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'

async function randomPeerId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

function peerIdOf (cairn: TestCairn): string {
  return cairn.service.node.helia.libp2p.peerId.toString()
}

describe('swarm', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('connects two unrelated nodes, lists them as peers, and disconnects them', async () => {
    nodes = [await startCairn(), await startCairn()]
    const [a, b] = nodes as [TestCairn, TestCairn]
    expect(await a.kubo.swarm.peers()).toEqual([])
    expect((await rpcLines(a, 'swarm/peers')).lines).toEqual([{ Peers: null }])

    expect(await a.kubo.swarm.connect(multiaddr(b.peerAddress))).toEqual([`connect ${peerIdOf(b)} success`])
    const seenByA = await a.kubo.swarm.peers()
    expect(seenByA.map(p => p.peer.toString())).toEqual([peerIdOf(b)])
    expect(`${seenByA[0]!.addr.toString()}/p2p/${peerIdOf(b)}`).toBe(b.peerAddress)
    expect((await b.kubo.swarm.peers()).map(p => p.peer.toString())).toEqual([peerIdOf(a)])

    const { lines: [verbose] } = await rpcLines(a, 'swarm/peers?verbose=true')
    expect(verbose.Peers[0]).toMatchObject({ Peer: peerIdOf(b), Direction: 2, Latency: expect.any(String) })
    expect(verbose.Peers[0].Identify.ID).toBe(peerIdOf(b))
    // identify runs once the connection is up, so what it learnt shows shortly after
    await expect.poll(async () => {
      const { lines: [identified] } = await rpcLines(a, 'swarm/peers?identify=true')
      const protocols: string[] | null = identified.Peers[0].Identify.Protocols
      return protocols
    }, { timeout: 5_000 }).toContain('/ipfs/lan/kad/1.0.0')
    const { lines: [plain] } = await rpcLines(a, 'swarm/peers')
    expect(plain.Peers[0].Identify).toEqual({ ID: '', PublicKey: '', Addresses: null, AgentVersion: '', Protocols: null })

    expect(await a.kubo.swarm.disconnect(multiaddr(b.peerAddress))).toEqual([`disconnect ${peerIdOf(b)} success`])
    expect(await a.kubo.swarm.peers()).toEqual([])
    expect(await a.kubo.swarm.disconnect(multiaddr(`/p2p/${peerIdOf(b)}`))).toEqual([`disconnect ${peerIdOf(b)} failure: not connected`])
  })

  it('refuses a non-loopback address at once, as a bad argument', async () => {
    nodes = [await startCairn()]
    const [a] = nodes as [TestCairn]
    const outsider = `/ip4/203.0.113.9/tcp/4001/p2p/${await randomPeerId()}`
    const started = Date.now()
    const res = await rpcLines(a, `swarm/connect?arg=${encodeURIComponent(outsider)}`)
    expect(res.status).toBe(400)
    expect(res.lines[0].Message).toMatch(/^connect .* failure: /)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(a.refused.map(r => r.address.toString())).toContain(outsider)
    await expect(a.kubo.swarm.connect(multiaddr('/ip4/127.0.0.1/tcp/4001'))).rejects.toThrow(/\/p2p\/<peer id>/)
  })

  it('reports a loopback peer that is not there as not found, within the timeout', async () => {
    nodes = [await startCairn()]
    const [a] = nodes as [TestCairn]
    const res = await rpcLines(a, `swarm/connect?arg=${encodeURIComponent(`/ip4/127.0.0.1/tcp/1/p2p/${await randomPeerId()}`)}`)
    expect(res.status).toBe(404)
    expect(res.lines[0].Message).toMatch(/failure/)
  })

  it('lists its own listen addresses', async () => {
    nodes = [await startCairn()]
    const [a] = nodes as [TestCairn]
    const local = (await a.kubo.swarm.localAddrs()).map(String)
    expect(local.map(addr => `${addr}/p2p/${peerIdOf(a)}`)).toContain(a.peerAddress)
    const { lines: [withId] } = await rpcLines(a, 'swarm/addrs/local?id=true')
    expect(withId.Strings).toContain(a.peerAddress)
  })
})

describe('routing', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('finds the node that added content as its provider', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const added = await a.kubo.add(randomBytes(1000), { cidVersion: 1 })
    expect(await Array.fromAsync(a.kubo.routing.provide(added.cid))).toEqual([])

    const events = await Array.fromAsync(b.kubo.routing.findProvs(added.cid))
    const providers = events.flatMap(e => e.name === 'PROVIDER' ? e.providers : [])
    expect(providers.map(p => p.id.toString())).toContain(peerIdOf(a))
    const fromA = providers.find(p => p.id.toString() === peerIdOf(a))
    expect(fromA?.multiaddrs.map(String).some(addr => addr.startsWith('/ip4/127.0.0.1/tcp/'))).toBe(true)

    const { lines } = await rpcLines(b, `routing/findprovs?arg=${added.cid.toString()}&num-providers=1`)
    expect(lines).toEqual([{ Extra: '', ID: '', Responses: [{ Addrs: expect.any(Array), ID: peerIdOf(a) }], Type: 4 }])
  })

  it('provides only what it holds, recursively if asked, and only with peers to tell', async () => {
    nodes = await startSwarm(2)
    const [a] = nodes as [TestCairn]
    const dir = (await Array.fromAsync(a.kubo.addAll([{ path: 'd/x.txt', content: new TextEncoder().encode('x') }]))).at(-1)!
    expect(await Array.fromAsync(a.kubo.routing.provide(dir.cid, { recursive: true }))).toEqual([])

    const nobody = CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
    await expect(Array.fromAsync(a.kubo.routing.provide(nobody))).rejects.toThrow(/not found locally/)

    const lonely = await startCairn()
    nodes.push(lonely)
    const own = await lonely.kubo.add('alone')
    const res = await rpcLines(lonely, `routing/provide?arg=${own.cid.toString()}`)
    expect(res.status).toBe(503)
    expect(res.lines[0].Message).toBe('cannot provide, no connected peers')
  })

  it('finds a peer\'s addresses, and reports one it cannot find as a query error', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const [found] = await Array.fromAsync(b.kubo.routing.findPeer(a.service.node.helia.libp2p.peerId))
    expect(found?.name).toBe('FINAL_PEER')
    expect(found?.name === 'FINAL_PEER' && found.peer.multiaddrs.map(String)).toContain(a.peerAddress.replace(/\/p2p\/.*$/, ''))

    const { status, lines } = await rpcLines(b, `routing/findpeer?arg=${await randomPeerId()}`)
    expect(status).toBe(200)
    expect(lines).toEqual([{ Extra: expect.stringMatching(/not found/i), ID: '', Responses: null, Type: 3 }])
  })
})
