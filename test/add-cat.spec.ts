import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { concat, uploadForm } from './fixtures/http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('add, cat and GET /ipfs over HTTP', () => {
  let cairn: TestCairn

  beforeEach(async () => { cairn = await startCairn() })
  afterEach(async () => { await cairn.stop() })

  it('gives Kubo\'s CIDs for "hello world\\n" (CIDv0 and CIDv1)', async () => {
    const v0 = await cairn.kubo.add('hello world\n', { cidVersion: 0 })
    const v1 = await cairn.kubo.add('hello world\n', { cidVersion: 1 })
    expect(v0.cid.toString()).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    expect(v1.cid.toString()).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    expect(v0.size).toBe(20)
  })

  it('returns the same bytes from cat and from the gateway for a multi-chunk file', async () => {
    const bytes = randomBytes(1_300_000)
    const added = await cairn.kubo.add(bytes)
    expect(added.cid.version).toBe(0)

    const viaCat = concat(await Array.fromAsync(cairn.kubo.cat(added.cid)))
    expect(Buffer.compare(viaCat, bytes)).toBe(0)

    const res = await fetch(`${cairn.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(bytes.length))
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes)).toBe(0)
  })

  it('honours cat offset and length', async () => {
    const added = await cairn.kubo.add('0123456789abcdef')
    const part = concat(await Array.fromAsync(cairn.kubo.cat(added.cid, { offset: 3, length: 5 })))
    expect(Buffer.from(part).toString()).toBe('34567')
  })

  it('answers the Kubo-shaped add line for a plain multipart upload with a filename', async () => {
    const res = await fetch(`${cairn.apiUrl}/api/v0/add?cid-version=1`, {
      method: 'POST',
      headers: cairn.auth,
      body: uploadForm('notes.txt', 'hello world\n')
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ Name: 'notes.txt', Hash: 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4', Size: '12' })
  })

  it('pins what it adds unless pin=false', async () => {
    const pinned = await cairn.kubo.add('pinned content')
    const unpinned = await cairn.kubo.add('unpinned content', { pin: false })
    const pins = cairn.service.node.helia.pins
    expect(await pins.isPinned(pinned.cid)).toBe(true)
    expect(await pins.isPinned(unpinned.cid)).toBe(false)
  })

  it('answers If-None-Match with 304', async () => {
    const added = await cairn.kubo.add('cache me')
    const first = await fetch(`${cairn.gatewayUrl}/ipfs/${added.cid.toString()}`)
    const etag = first.headers.get('etag')
    await first.arrayBuffer()
    expect(etag).toBe(`"${added.cid.toString()}"`)
    const second = await fetch(`${cairn.gatewayUrl}/ipfs/${added.cid.toString()}`, { headers: { 'if-none-match': etag ?? '' } })
    expect(second.status).toBe(304)
  })

  it('reports this peer through id and version', async () => {
    const id = await cairn.kubo.id()
    expect(id.id.toString()).toBe(cairn.service.node.helia.libp2p.peerId.toString())
    expect(id.addresses.map(a => a.toString())).toContain(cairn.peerAddress)
    expect(id.protocols.map(String)).toContain('/ipfs/bitswap/1.2.0')
    const version = await cairn.kubo.version()
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/)
  })
})
