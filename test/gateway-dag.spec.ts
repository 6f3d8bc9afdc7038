import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { CONFORMANCE_DIR, hasConformanceFixtures } from './fixtures/conformance.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import { importFixture as importBlocks } from './fixtures/trustless.ts'
import type { TestCairn } from './fixtures/cairn.ts'

// path_gateway_dag: DAG-JSON, DAG-CBOR, JSON and CBOR with ?format= and Accept, pathing through links
describe('path gateway: IPLD data', () => {
  let cairn: TestCairn
  let dagPbDir: string
  let dagPbBlock: Uint8Array
  let dagJsonRoot: string
  let dagCborRoot: string
  let plainJson: string
  let plainCbor: string
  const tJson = 'bafkreibrppizs3g7axs2jdlnjua6vgpmltv7k72l7v7sa6mmht6mne3qqe'
  const textFile = 'bafkreialihlqnf5uwo4byh4n3cmwlntwqzxxs2fg5vanqdi3d7tb2l5xkm'

  beforeAll(async () => {
    cairn = await startCairn()
    const first = async (car: string): Promise<string> => String((await importFixture(cairn, `path_gateway_dag/${car}`))[0])
    const dagPbCar = await importBlocks(cairn.service.node, 'path_gateway_dag/dag-pb.car')
    dagPbDir = String(dagPbCar.roots[0])
    dagPbBlock = dagPbCar.blocks.find(b => b.cid.toString() === dagPbDir)?.bytes ?? new Uint8Array()
    await first('gateway-json-cbor.car')
    dagJsonRoot = await first('dag-json-traversal.car')
    dagCborRoot = await first('dag-cbor-traversal.car')
    plainJson = await first('plain-json.car')
    plainCbor = await first('plain-cbor.car')
  })
  afterAll(async () => { await cairn.stop() })

  it('serves JSON stored as a UnixFS file as application/json, with or without Accept', async () => {
    for (const accept of [undefined, 'application/json']) {
      const res = await gateway(cairn, `/ipfs/${tJson}`, { headers: accept == null ? {} : { accept } })
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(JSON.parse(await res.text())).toBeTypeOf('object')
    }
  })

  it('converts a UnixFS directory to DAG-JSON in the logical dag-pb form, and to DAG-CBOR', async () => {
    // the logical dag-pb form is what the IPLD codecs make of the node
    const expected: unknown = JSON.parse(new TextDecoder().decode(dagJson.encode(dagPb.decode(dagPbBlock))))
    if (hasConformanceFixtures) {
      expect(expected).toEqual(JSON.parse(await readFile(join(CONFORMANCE_DIR, 'path_gateway_dag/dag-pb.json'), 'utf8')))
    }
    const asJson = await gateway(cairn, `/ipfs/${dagPbDir}?format=dag-json`)
    expect(asJson.headers.get('content-type')).toBe('application/vnd.ipld.dag-json')
    expect(asJson.headers.get('content-disposition')).toBe(`inline; filename="${dagPbDir}.json"`)
    expect(asJson.headers.get('etag')).toBe(`"${dagPbDir}.dag-json"`)
    expect(JSON.parse(await asJson.text())).toEqual(expected)

    const asCbor = await gateway(cairn, `/ipfs/${dagPbDir}`, { headers: { accept: 'foo, application/vnd.ipld.dag-cbor,bar' } })
    expect(asCbor.headers.get('content-type')).toBe('application/vnd.ipld.dag-cbor')
    expect(asCbor.headers.get('content-disposition')).toBe(`attachment; filename="${dagPbDir}.cbor"`)
    expect(asCbor.headers.get('content-location')).toBe(`/ipfs/${dagPbDir}?format=dag-cbor`)
    expect(dagJson.encode(dagCbor.decode(new Uint8Array(await asCbor.arrayBuffer())))).toEqual(dagJson.encode(dagJson.decode(new TextEncoder().encode(JSON.stringify(expected)))))
  })

  it('treats ?format=json and ?format=cbor on UnixFS as no conversion', async () => {
    for (const query of ['?format=json', '?format=cbor']) {
      const res = await gateway(cairn, `/ipfs/${textFile}${query}`)
      expect(res.headers.get('content-type')).toContain('text/plain')
      expect(await res.text()).toBe('I am a txt file on path with utf8\n')
    }
  })

  it('serves plain JSON and CBOR blocks as they are, with their types and names', async () => {
    const json = await gateway(cairn, `/ipfs/${plainJson}`)
    expect(json.headers.get('content-type')).toBe('application/json')
    expect(json.headers.get('content-disposition')).toBe(`inline; filename="${plainJson}.json"`)
    expect(JSON.parse(await json.text())).toEqual({ test: 'plain json' })
    const cbor = await gateway(cairn, `/ipfs/${plainCbor}?format=cbor`)
    expect(cbor.headers.get('content-type')).toBe('application/cbor')
    expect(cbor.headers.get('content-disposition')).toBe(`attachment; filename="${plainCbor}.cbor"`)
    expect(dagCbor.decode(new Uint8Array(await cbor.arrayBuffer()))).toEqual({ test: 'plain json' })
  })

  it('serves DAG-JSON and DAG-CBOR blocks as they are, with Etag, caching, length and nosniff', async () => {
    for (const [root, codec] of [[dagJsonRoot, 'dag-json'], [dagCborRoot, 'dag-cbor']] as const) {
      const res = await gateway(cairn, `/ipfs/${root}`, { headers: { accept: `application/vnd.ipld.${codec}` } })
      const body = new Uint8Array(await res.arrayBuffer())
      expect(res.headers.get('content-type')).toBe(`application/vnd.ipld.${codec}`)
      expect(res.headers.get('etag')).toBe(`"${root}.${codec}"`)
      expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(Number(res.headers.get('content-length'))).toBe(body.byteLength)
      expect(CID.parse(root).multihash.bytes).toEqual((await sha256.digest(body)).bytes)
    }
  })

  it('paths through links in DAG-JSON and DAG-CBOR: 200 at a link, 501 inside a block, 404 for no such field', async () => {
    for (const root of [dagJsonRoot, dagCborRoot]) {
      const linked = await gateway(cairn, `/ipfs/${root}/foo/link/bar?format=dag-json`)
      expect(linked.status).toBe(200)
      expect(JSON.parse(await linked.text())).toEqual({ hello: 'this is not a link' })
      const inside = await gateway(cairn, `/ipfs/${root}/foo?format=dag-json`)
      expect(inside.status).toBe(501)
      expect(await inside.text()).toContain('reading IPLD Kinds other than Links (CBOR Tag 42) is not implemented')
      expect((await gateway(cairn, `/ipfs/${root}/foo/i-do-not-exist`)).status).toBe(404)
    }
  })

  it('shows DAG-CBOR to a browser as an HTML page with a DagIndex Etag and no caching', async () => {
    const res = await gateway(cairn, `/ipfs/${dagCborRoot}/`, { headers: { accept: 'text/html' } })
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('etag')).toContain('DagIndex-')
    expect(res.headers.get('cache-control')).toBeNull()
    expect(res.headers.get('content-disposition')).toBeNull()
    const html = await res.text()
    expect(html).toContain('</html>')
    expect(html).toContain('href="/ipfs/bafyreig5alecq2l2akgajxywgnv22kuxh6xcagsnelepylqovt4t5jxt6u/"')
  })

  it('converts DAG-CBOR to DAG-JSON, and serves a range of the result', async () => {
    const whole = await (await gateway(cairn, `/ipfs/${dagCborRoot}`, { headers: { accept: 'application/vnd.ipld.dag-json' } })).text()
    expect(dagJson.decode(new TextEncoder().encode(whole))).toHaveProperty('foo.object.banana', 10)
    const part = await gateway(cairn, `/ipfs/${dagCborRoot}?format=dag-json`, { headers: { range: 'bytes=0-9' } })
    expect(part.status).toBe(206)
    expect(await part.text()).toBe(whole.slice(0, 10))
  })

  it('answers 406 when a block cannot be represented in the format asked for', async () => {
    // plain CBOR with an integer map key: valid CBOR, but not DAG-CBOR, so it has no DAG-JSON form
    const bytes = new Uint8Array([0xa1, 0x01, 0x02])
    const cid = CID.create(1, 0x51, await sha256.digest(bytes))
    await cairn.service.node.helia.blockstore.put(cid, bytes)
    const res = await gateway(cairn, `/ipfs/${cid.toString()}?format=dag-json`)
    expect(res.status).toBe(406)
    expect((await gateway(cairn, `/ipfs/${cid.toString()}`)).status).toBe(200)
  })

  it('answers 400 for an unknown ?format= and 406 for an Accept of only unknown IPLD types', async () => {
    expect((await gateway(cairn, `/ipfs/${textFile}?format=jpeg`)).status).toBe(400)
    expect((await gateway(cairn, `/ipfs/${textFile}`, { headers: { accept: 'application/vnd.ipld.dag-jose' } })).status).toBe(406)
  })
})
