import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSwarm, stopAll } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** `hexdump -C`, where the machine has it: the format Go's hex.Dump follows. */
function systemHexdump (bytes: Uint8Array): string | undefined {
  try {
    return execFileSync('hexdump', ['-C'], { input: bytes }).toString().split('\n').slice(0, -2).join('\n') + '\n'
  } catch {
    return undefined
  }
}

describe('routing/get, routing/put, name/inspect and swarm/addrs', () => {
  let a: TestCairn
  let b: TestCairn
  let name: string
  let record: Uint8Array
  beforeAll(async () => {
    const nodes = await startSwarm(2)
    a = nodes[0]!
    b = nodes[1]!
    const { cid } = await a.kubo.add('published on a')
    name = (await a.kubo.name.publish(cid, { allowOffline: true, ttl: '2m' })).name
    const [event] = await Array.fromAsync(a.kubo.routing.get(`/ipns/${name}`))
    expect(event?.name).toBe('VALUE')
    record = (event as { value: Uint8Array }).value
  })
  afterAll(async () => { await stopAll([a, b]) })

  it('puts a record on another node, which then answers it and resolves the name', async () => {
    const [put] = await Array.fromAsync(b.kubo.routing.put(`/ipns/${name}`, record))
    expect(put?.name).toBe('VALUE')
    const [got] = await Array.fromAsync(b.kubo.routing.get(`/ipns/${name}`))
    expect(Buffer.from((got as { value: Uint8Array }).value)).toEqual(Buffer.from(record))
    expect(await b.kubo.resolve(`/ipns/${name}`)).toBe(`/ipfs/${(await a.kubo.add('published on a', { onlyHash: true })).cid.toString()}`)
  })

  it('refuses a record that is not one, and keys other than /ipns/', async () => {
    const form = new FormData()
    form.append('file', new Blob(['not a record']))
    const bad = await fetch(`${b.apiUrl}/api/v0/routing/put?arg=/ipns/${name}`, { method: 'POST', headers: b.auth, body: form })
    expect(bad.status).toBe(400)
    const pk = await fetch(`${b.apiUrl}/api/v0/routing/get?arg=/pk/${name}`, { method: 'POST', headers: b.auth })
    expect(pk.status).toBe(400)
    expect((await pk.json()).Message).toMatch(/only \/ipns\/<name> keys/)
  })

  it('inspects a record in Kubo\'s shape, and verifies it against a name', async () => {
    const inspect = async (query: string): Promise<any> => {
      const form = new FormData()
      form.append('file', new Blob([Buffer.from(record)]))
      return (await fetch(`${a.apiUrl}/api/v0/name/inspect?${query}`, { method: 'POST', headers: a.auth, body: form })).json()
    }
    const plain = await inspect('')
    expect(plain.Entry).toMatchObject({ Value: expect.stringMatching(/^\/ipfs\//), ValidityType: 0, Sequence: expect.any(Number), TTL: 120_000_000_000 })
    expect(plain.Entry.Validity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/)
    expect(plain).toMatchObject({ PbSize: record.byteLength, SignatureType: 'V1+V2', Validation: null })
    expect(plain.HexDump).toMatch(/^00000000 {2}([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \|.{16}\|\n/)
    const expected = systemHexdump(record)
    if (expected != null) {
      expect(plain.HexDump).toBe(expected)
    }

    expect((await inspect(`verify=${name}`)).Validation).toEqual({ Valid: true, Reason: '', Name: name })
    const other = (await a.kubo.key.gen('other')).id
    const wrong = (await inspect(`verify=${other}&dump=false`))
    expect(wrong.Validation).toMatchObject({ Valid: false, Name: other, Reason: expect.stringMatching(/.+/) })
    expect(wrong.HexDump).toBe('')
  })

  it('lists the addresses the peer store knows, by peer', async () => {
    const known = await a.kubo.swarm.addrs()
    const peer = known.find(entry => entry.id.equals(b.service.node.helia.libp2p.peerId))
    expect(peer?.addrs.map(addr => addr.toString())).toContain(b.peerAddress.replace(/\/p2p\/.*$/, ''))
    expect(known.some(entry => entry.id.equals(a.service.node.helia.libp2p.peerId))).toBe(false)
  })
})
