import { randomBytes } from 'node:crypto'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const enc = new TextEncoder()

describe('block put, get, stat and rm', () => {
  let cairn: TestCairn

  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const rpc = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/${path}`, { method: 'POST', headers: cairn.auth, ...init })

  const form = (...blocks: Uint8Array[]): FormData => {
    const body = new FormData()
    blocks.forEach((block, i) => { body.append(i === 0 ? 'file' : `file-${i}`, new Blob([Buffer.from(block)])) })
    return body
  }

  it('puts a raw sha2-256 block by default and gets the same bytes back', async () => {
    const bytes = enc.encode('hello world\n')
    const cid = await cairn.kubo.block.put(bytes)
    expect(cid.toString()).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    expect(Buffer.from(await cairn.kubo.block.get(cid)).toString()).toBe('hello world\n')
    const stat = await cairn.kubo.block.stat(cid)
    expect(stat.cid.toString()).toBe(cid.toString())
    expect(stat.size).toBe(12)
  })

  it('makes the CID with the codec and hash asked for', async () => {
    const bytes = dagCbor.encode({ hello: 'cairn' })
    const asCbor = await cairn.kubo.block.put(bytes, { format: 'dag-cbor' })
    expect(asCbor.equals(CID.createV1(dagCbor.code, await sha256.digest(bytes)))).toBe(true)

    const res = await rpc('block/put?cid-codec=dag-cbor&mhtype=sha2-512', { body: form(bytes) })
    expect(res.status).toBe(200)
    const line = await res.json()
    const expected = CID.createV1(dagCbor.code, await sha512.digest(bytes))
    expect(line).toEqual({ Key: expected.toString(), Size: bytes.byteLength })
    expect(Buffer.compare(await cairn.kubo.block.get(expected), bytes)).toBe(0)
  })

  it('truncates the digest to mhlen, and keeps identity blocks inside their CID', async () => {
    const bytes = randomBytes(300)
    const truncated = await (await rpc('block/put?mhlen=20', { body: form(bytes) })).json()
    expect(truncated.Key).toBe(CID.createV1(raw.code, await sha256.digest(bytes, { truncate: 20 })).toString())

    const small = enc.encode('tiny')
    const id = await (await rpc('block/put?mhtype=identity', { body: form(small) })).json() as { Key: string }
    expect(id.Key).toBe(CID.createV1(raw.code, identity.digest(small)).toString())
    expect(Buffer.from(await cairn.kubo.block.get(CID.parse(id.Key))).toString()).toBe('tiny')

    const tooLong = await rpc('block/put?mhtype=identity', { body: form(bytes) })
    expect(tooLong.status).toBe(400)
    const unknown = await rpc('block/put?mhtype=md5', { body: form(small) })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).Message).toMatch(/unrecognized multihash function: md5/)
  })

  it('answers one line per part when several blocks are put at once', async () => {
    const [a, b] = [randomBytes(100), randomBytes(200)]
    const res = await rpc('block/put', { body: form(a, b) })
    const lines = (await res.text()).trim().split('\n').map((line): unknown => JSON.parse(line))
    expect(lines).toEqual([
      { Key: CID.createV1(raw.code, await sha256.digest(a)).toString(), Size: 100 },
      { Key: CID.createV1(raw.code, await sha256.digest(b)).toString(), Size: 200 }
    ])
  })

  it('refuses a block over 1 MiB unless allow-big-block is set', async () => {
    const big = randomBytes(1_048_577)
    const refused = await rpc('block/put', { body: form(big) })
    expect(refused.status).toBe(400)
    expect((await refused.json()).Message).toMatch(/over 1MiB.*allow-big-block/)
    const expected = CID.createV1(raw.code, await sha256.digest(big))
    expect(await cairn.service.node.helia.blockstore.has(expected)).toBe(false)

    const cid = await cairn.kubo.block.put(big, { allowBigBlock: true })
    expect(cid.equals(expected)).toBe(true)
    expect((await cairn.kubo.block.stat(cid)).size).toBe(1_048_577)
  })

  it('pins a block when asked, and block rm keeps pinned blocks', async () => {
    const pinned = await cairn.kubo.block.put(randomBytes(64), { pin: true })
    const loose = await cairn.kubo.block.put(randomBytes(64))
    const { helia } = cairn.service.node
    expect(await helia.pins.isPinned(pinned)).toBe(true)
    expect(await helia.pins.isPinned(loose)).toBe(false)

    const results = await Array.fromAsync(cairn.kubo.block.rm([pinned, loose]))
    expect(results.map(r => [r.cid.toString(), r.error?.message])).toEqual([
      [pinned.toString(), 'pinned: recursive'],
      [loose.toString(), undefined]
    ])
    expect(await helia.blockstore.has(pinned)).toBe(true)
    expect(await helia.blockstore.has(loose)).toBe(false)
  })

  it('reports a missing block unless forced, and says nothing of successes when quiet', async () => {
    const absent = CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
    const [missing] = await Array.fromAsync(cairn.kubo.block.rm(absent))
    expect(missing?.error?.message).toBe(`blockstore: block not found: ipld: could not find ${absent.toString()}`)
    const forced = await Array.fromAsync(cairn.kubo.block.rm(absent, { force: true }))
    expect(forced.map(r => r.error)).toEqual([undefined])

    const doomed = await cairn.kubo.block.put(randomBytes(16))
    expect(await Array.fromAsync(cairn.kubo.block.rm(doomed, { quiet: true }))).toEqual([])
    expect(await cairn.service.node.helia.blockstore.has(doomed)).toBe(false)
  })

  it('answers 404 for a block nobody has, within the fetch timeout, and 400 for a bad CID', async () => {
    const absent = CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
    const started = Date.now()
    const res = await rpc(`block/get?arg=${absent.toString()}`)
    expect(res.status).toBe(404)
    expect((await res.json()).Message).toMatch(/not found/)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await rpc('block/get?arg=not-a-cid')).status).toBe(400)
    expect((await rpc('block/get')).status).toBe(400)
  })
})
