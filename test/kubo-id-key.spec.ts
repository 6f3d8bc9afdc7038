import { createPrivateKey } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { base36 } from 'multiformats/bases/base36'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('id of other peers, swarm/peers latency, key/export with a password', () => {
  /** a and b peer; c is known to a only from an earlier connection, now closed. */
  let a: TestCairn
  let b: TestCairn
  let c: TestCairn
  beforeAll(async () => {
    [a, b] = await startSwarm(2) as [TestCairn, TestCairn]
    c = await startCairn()
    await a.kubo.swarm.connect(multiaddr(c.peerAddress))
    await a.kubo.swarm.disconnect(multiaddr(c.peerAddress))
  })
  afterAll(async () => { await stopAll([a, b, c]) })

  const post = async (node: TestCairn, command: string, query: string): Promise<Response> =>
    fetch(`${node.apiUrl}/api/v0/${command}?${query}`, { method: 'POST', headers: node.auth })

  it('answers id for a connected peer with what identify told it, in Kubo\'s shape', async () => {
    const peer = b.service.node.helia.libp2p.peerId
    const info = await (await post(a, 'id', `arg=${peer.toString()}`)).json()
    expect(Object.keys(info)).toEqual(['ID', 'PublicKey', 'Addresses', 'AgentVersion', 'Protocols'])
    const own = await (await post(b, 'id', '')).json()
    expect(info).toMatchObject({ ID: own.ID, PublicKey: own.PublicKey, AgentVersion: own.AgentVersion })
    expect(info.Protocols).toEqual(expect.arrayContaining(['/ipfs/id/1.0.0', '/ipfs/bitswap/1.2.0']))
    expect(info.Addresses).toContain(b.peerAddress)
    expect((await a.kubo.id({ peerId: peer })).id.equals(peer)).toBe(true)
  })

  it('dials a peer it is not connected to, at the addresses its peer store holds, to answer id', async () => {
    const peer = c.service.node.helia.libp2p.peerId
    expect(a.service.node.helia.libp2p.getConnections(peer)).toHaveLength(0)
    const info = await a.kubo.id({ peerId: peer })
    expect(info.id.equals(peer)).toBe(true)
    expect(info.agentVersion).toBe((await c.kubo.id()).agentVersion)
    expect(info.protocols?.map(String)).toContain('/ipfs/bitswap/1.2.0')
  })

  it('refuses a bad peer ID in Kubo\'s words, and writes IDs in the asked base', async () => {
    const bad = await post(a, 'id', 'arg=not-a-peer')
    expect(bad.status).toBe(400)
    expect((await bad.json()).Message).toBe('invalid peer id')
    const self = a.service.node.helia.libp2p.peerId
    expect((await (await post(a, 'id', 'peerid-base=base36')).json()).ID).toBe(self.toCID().toString(base36))
    expect((await (await post(a, 'id', `arg=${self.toString()}`)).json()).ID).toBe(self.toString())
  })

  it('sends Latency in swarm/peers only when asked for', async () => {
    const plain = await (await post(a, 'swarm/peers', '')).json()
    expect(plain.Peers.length).toBeGreaterThan(0)
    expect(plain.Peers.every((peer: object) => !('Latency' in peer))).toBe(true)
    const withLatency = await (await post(a, 'swarm/peers', 'latency=true')).json()
    expect(withLatency.Peers.every((peer: { Latency?: string }) => typeof peer.Latency === 'string')).toBe(true)
    expect(withLatency.Peers.every((peer: object) => !('Direction' in peer))).toBe(true)
  })

  it('exports a key as a password-encrypted PEM that key/import takes back with that password', async () => {
    const made = await a.kubo.key.gen('travelling')
    const pem = await (await post(a, 'key/export', 'arg=travelling&password=correct%20horse')).text()
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/)
    expect(() => createPrivateKey(pem)).toThrow()
    expect(createPrivateKey({ key: pem, passphrase: 'correct horse' }).asymmetricKeyType).toBe('ed25519')

    expect(await c.kubo.key.import('arrived', pem, 'correct horse')).toEqual({ name: 'arrived', id: made.id })
    const wrong = await post(c, 'key/import', `arg=other&pem=${encodeURIComponent(pem)}&password=wrong`)
    expect(wrong.status).toBe(400)

    const self = (await a.kubo.key.list()).find(key => key.name === 'self')
    const selfPem = await (await post(a, 'key/export', 'arg=self&password=pw')).text()
    expect(await c.kubo.key.import('a-self', selfPem, 'pw')).toEqual({ name: 'a-self', id: self?.id })
  })

  it('refuses a password with the protobuf format', async () => {
    const res = await post(a, 'key/export', 'arg=self&password=pw&format=libp2p-protobuf-cleartext')
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(/PEM exports only/)
  })
})
