import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as dagPb from '@ipld/dag-pb'
import { unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipnsRoutingKey, parseKeyId } from '../src/keys/key-id.ts'
import { startCairn } from './fixtures/cairn.ts'
import { CONFORMANCE_DIR, hasConformanceFixtures } from './fixtures/conformance.ts'
import { outsideKey, signedRecord } from './fixtures/names.ts'
import { importFixture } from './fixtures/trustless.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { CarContent } from './fixtures/trustless.ts'

describe('trustless gateway: raw blocks and IPNS records', () => {
  let cairn: TestCairn

  beforeAll(async () => {
    cairn = await startCairn()
  })
  afterAll(async () => {
    await cairn.stop()
  })

  const get = async (path: string, headers: Record<string, string> = {}) => fetch(`${cairn.gatewayUrl}${path}`, { headers })

  it('serves a byte range of a raw block with 206', async () => {
    const bytes = new TextEncoder().encode('0123456789abcdef')
    const form = new FormData()
    form.append('file', new Blob([bytes]), 'block')
    const put = await fetch(`${cairn.apiUrl}/api/v0/block/put?cid-codec=raw`, { method: 'POST', headers: cairn.auth, body: form })
    const { Key } = await put.json() as { Key: string }
    const ranged = await get(`/ipfs/${Key}`, { accept: 'application/vnd.ipld.raw', range: 'bytes=4-9' })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe('bytes 4-9/16')
    expect(ranged.headers.get('content-type')).toBe('application/vnd.ipld.raw')
    expect(await ranged.text()).toBe('456789')
    expect((await get(`/ipfs/${Key}?format=raw`, { range: 'bytes=20-' })).status).toBe(416)
    expect(await (await get(`/ipfs/${Key}?format=raw`)).text()).toBe('0123456789abcdef')
  })

  // gateway-conformance trustless_gateway_raw, on the corpus's build of the fixture it ships for it
  describe('raw blocks', () => {
    let fixture: CarContent
    const bytesOf = (cid: string): Uint8Array => fixture.blocks.find(b => b.cid.toString() === cid)?.bytes ?? new Uint8Array()
    const dir = (): string => dagPb.decode(bytesOf(fixture.roots[0]?.toString() ?? '')).Links[0]?.Hash.toString() ?? ''
    const ascii = (): string => dagPb.decode(bytesOf(dir())).Links.find(l => l.Name === 'ascii.txt')?.Hash.toString() ?? ''

    beforeAll(async () => {
      fixture = await importFixture(cairn.service.node, 'gateway-raw-block.car')
    })

    it('answers ?format=raw and Accept: application/vnd.ipld.raw with the block as stored', async () => {
      for (const res of [await get(`/ipfs/${dir()}?format=raw`), await get(`/ipfs/${dir()}`, { accept: 'application/vnd.ipld.raw' })]) {
        expect(res.status).toBe(200)
        expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytesOf(dir()))
      }
    })

    it('sends the headers the spec asks for a block', async () => {
      const res = await get(`/ipfs/${ascii()}`, { accept: 'application/vnd.ipld.raw' })
      expect(res.headers.get('content-type')).toBe('application/vnd.ipld.raw')
      expect(res.headers.get('content-length')).toBe(String(bytesOf(ascii()).byteLength))
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ascii()}.bin"`)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('etag')).toBe(`"${ascii()}.raw"`)
      expect(res.headers.get('x-ipfs-path')).toBe(`/ipfs/${ascii()}`)
      expect(res.headers.get('x-ipfs-roots')).toContain(ascii())
      expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable')
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytesOf(ascii()))
      const named = await get(`/ipfs/${ascii()}?filename=foobar.bin`, { accept: 'application/vnd.ipld.raw' })
      expect(named.headers.get('content-disposition')).toBe('attachment; filename="foobar.bin"')
    })

    it('sends the block a path ends at, and 304 for its Etag', async () => {
      const root = fixture.roots[0]?.toString() ?? ''
      const res = await get(`/ipfs/${root}/dir/ascii.txt?format=raw`)
      expect(res.headers.get('x-ipfs-roots')).toBe([root, dir(), ascii()].join(','))
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytesOf(ascii()))
      expect((await get(`/ipfs/${root}/dir/ascii.txt?format=raw`, { 'if-none-match': `W/"${ascii()}.raw"` })).status).toBe(304)
    })
  })

  it('answers the bafkqaaa probe at once with an empty body', async () => {
    const res = await get('/ipfs/bafkqaaa?format=raw')
    expect(res.status).toBe(200)
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('answers 412 under only-if-cached and 504 after the fetch timeout for a block nobody has', async () => {
    const absent = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
    expect((await get(`/ipfs/${absent.toString()}?format=raw`, { 'cache-control': 'only-if-cached' })).status).toBe(412)
    const started = Date.now()
    expect((await get(`/ipfs/${absent.toString()}?format=raw`)).status).toBe(504)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('serves a name published here as its signed record, which verifies against the name', async () => {
    const { cid } = await cairn.kubo.add('record me\n', { cidVersion: 1 })
    const { name } = await cairn.kubo.name.publish(cid, { allowOffline: true, ttl: '2m' })
    const res = await get(`/ipns/${name}?format=ipns-record`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.ipfs.ipns-record')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}.ipns-record"`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=120')
    const bytes = new Uint8Array(await res.arrayBuffer())
    await ipnsValidator(ipnsRoutingKey(parseKeyId(name)), bytes)
    expect(unmarshalIPNSRecord(bytes).value).toBe(`/ipfs/${cid.toString()}`)
    expect((await get(`/ipns/${name}?format=ipns-record`, { 'if-none-match': res.headers.get('etag') ?? '' })).status).toBe(304)
  })

  /** A record signed elsewhere, kept here: one signed now with a fresh key, and the suite's where present. */
  const keptRecords: Array<{ source: string, record: () => Promise<{ name: string, signed: Uint8Array, maxAgeS: number }> }> = [
    {
      source: 'signed with a generated key',
      record: async () => {
        const { key, name } = await outsideKey()
        const ttlMs = 7_200_000
        return { name, signed: await signedRecord(key, '/ipfs/bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4', 3, { ttlMs }), maxAgeS: ttlMs / 1000 }
      }
    },
    ...(hasConformanceFixtures
      ? [{
          source: 'of the conformance suite',
          record: async () => {
            const file = '12D3KooWLQzUv2FHWGVPXTXSZpdHs7oHbXub2G5WC8Tx4NQhyd2d.ipns-record'
            const signed = new Uint8Array(await readFile(join(CONFORMANCE_DIR, 'subdomain_gateway', file)))
            // the suite's record asks to be cached for 100 years
            return { name: CID.createV1(0x72, parseKeyId(file.replace('.ipns-record', ''))).toString(base36), signed, maxAgeS: 3_155_760_000 }
          }
        }]
      : [])
  ]

  it.each(keptRecords)('serves a record kept for someone else byte for byte, cached for its TTL ($source)', async ({ record }) => {
    const { name, signed, maxAgeS } = await record()
    await cairn.service.node.names.accept(name, signed)
    const res = await get(`/ipns/${name}`, { accept: 'application/vnd.ipfs.ipns-record' })
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${maxAgeS}`)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(signed)
    const named = await get(`/ipns/${name}?format=ipns-record&filename=${encodeURIComponent('testтест.ipns-record')}`)
    expect(named.headers.get('content-disposition')).toBe('attachment; filename="test____.ipns-record"; filename*=UTF-8\'\'test%D1%82%D0%B5%D1%81%D1%82.ipns-record')
  })

  it('answers 404 for a name with no record, 400 for one that is not a key', async () => {
    expect((await get('/ipns/k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w?format=ipns-record')).status).toBe(404)
    expect((await get('/ipns/example.com?format=ipns-record')).status).toBe(400)
  })
})
