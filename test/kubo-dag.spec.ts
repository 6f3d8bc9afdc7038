import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCar } from '../src/dag/index.ts'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { carBlocks, carV1, carV2 } from './fixtures/car.ts'
import { conformanceCars, hasConformanceFixtures } from './fixtures/conformance.ts'
import { buildFixture, corpusNames } from './fixtures/corpus/index.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { Helia } from '@helia/interface'

/** The first codec among these CIDs that the node cannot decode. */
async function unknownCodec (helia: Pick<Helia, 'getCodec'>, cids: CID[]): Promise<number | undefined> {
  for (const cid of cids) {
    try {
      await helia.getCodec(cid.code)
    } catch {
      return cid.code
    }
  }
  return undefined
}

/** A line of Kubo's `dag import` answer. */
interface ImportLine {
  Root?: { Cid: { '/': string }, PinErrorMsg: string }
  Stats?: { BlockCount: number, BlockBytesCount: number }
}

async function importLines (res: Response): Promise<ImportLine[]> {
  return (await res.text()).trim().split('\n').map(line => JSON.parse(line) as ImportLine)
}

/** The one fixture that leaves a block out on purpose. */
const INCOMPLETE_FIXTURE = 'file-3k-and-3-blocks-missing-block.car'

describe('dag put, get, import and export', () => {
  let cairn: TestCairn

  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const rpc = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/${path}`, { method: 'POST', headers: cairn.auth, ...init })
  const upload = (bytes: Uint8Array): FormData => {
    const body = new FormData()
    body.append('file', new Blob([Buffer.from(bytes)]))
    return body
  }
  const exported = async (root: CID, localOnly = false): Promise<Buffer> =>
    Buffer.from(await (await rpc(`dag/export?arg=${root.toString()}&local-only=${localOnly}`)).arrayBuffer())

  it('puts a dag-cbor node with a link and gets it back, whole or by path', async () => {
    const child = await cairn.kubo.dag.put({ name: 'child' })
    const parent = await cairn.kubo.dag.put({ child, n: 1 })
    expect(parent.equals(CID.createV1(dagCbor.code, await sha256.digest(dagCbor.encode({ child, n: 1 }))))).toBe(true)

    const { value } = await cairn.kubo.dag.get(parent)
    expect(CID.asCID(value.child)?.equals(child)).toBe(true)
    expect(value.n).toBe(1)
    expect((await cairn.kubo.dag.get(parent, { path: 'child/name' })).value).toBe('child')

    expect(await (await rpc(`dag/get?arg=${parent.toString()}`)).text()).toBe(`{"child":{"/":"${child.toString()}"},"n":1}`)
    expect(await (await rpc(`dag/get?arg=${parent.toString()}/child/name`)).text()).toBe('"child"')
    const cbor = Buffer.from(await (await rpc(`dag/get?arg=${parent.toString()}&output-codec=dag-cbor`)).arrayBuffer())
    expect(cbor.equals(dagCbor.encode({ child, n: 1 }))).toBe(true)

    const childBlock = Buffer.from(await (await rpc(`block/get?arg=${parent.toString()}/child`)).arrayBuffer())
    expect(childBlock.equals(dagCbor.encode({ name: 'child' }))).toBe(true)

    const resolved = await cairn.kubo.dag.resolve(`${parent.toString()}/child/name`)
    expect([resolved.cid.toString(), resolved.remainderPath]).toEqual([child.toString(), 'name'])
    const missing = await rpc(`dag/get?arg=${parent.toString()}/nope`)
    expect(missing.status).toBe(404)
    expect((await missing.json()).Message).toMatch(/no link named "nope"/)
  })

  it('reads dag-json input, stores in the codec and hash asked for, and pins complete DAGs only', async () => {
    const child = await cairn.kubo.block.put(randomBytes(50))
    const res = await rpc('dag/put', { body: upload(Buffer.from(`{"a":{"/":"${child.toString()}"}}`)) })
    expect(await res.json()).toEqual({ Cid: { '/': CID.createV1(dagCbor.code, await sha256.digest(dagCbor.encode({ a: child }))).toString() } })

    const stored = await (await rpc('dag/put?store-codec=dag-json&hash=sha2-512&pin=true', { body: upload(dagJson.encode({ a: child })) })).json()
    const cid = CID.parse((stored as { Cid: { '/': string } }).Cid['/'])
    expect(cid.equals(CID.createV1(dagJson.code, await sha512.digest(dagJson.encode({ a: child }))))).toBe(true)
    expect(await cairn.service.node.helia.pins.isPinned(cid)).toBe(true)

    const absent = CID.createV1(raw.code, await sha256.digest(randomBytes(8)))
    const dangling = await rpc('dag/put?pin=true', { body: upload(dagJson.encode({ gone: absent })) })
    expect(dangling.status).toBe(404)
    expect((await dangling.json()).Message).toContain(`could not find ${absent.toString()}`)
    expect((await rpc('dag/put', { body: upload(Buffer.from('{not json')) })).status).toBe(400)
  })

  /** Every CAR of a kind, as bytes: the corpus's, written here; Kubo's, where the conformance fixtures are present. */
  const carSources = [
    {
      source: 'corpus-built',
      cars: async () => await Promise.all(corpusNames().map(async name => {
        const built = await buildFixture(name)
        return { name, bytes: await carV1(built?.roots ?? [], built?.blocks ?? []) }
      }))
    },
    ...(hasConformanceFixtures
      ? [{ source: 'Kubo-made conformance', cars: async () => await Promise.all((await conformanceCars()).map(async ({ name, path }) => ({ name, bytes: await readFile(path) }))) }]
      : [])
  ]

  it.each(carSources)('round-trips every $source CAR through import and export', async ({ cars }) => {
    const all = await cars()
    expect(all.length).toBeGreaterThan(0)
    for (const { name, bytes } of all) {
      const fixture = await carBlocks(bytes)
      expect(fixture.roots, name).toHaveLength(1)
      const root = fixture.roots[0] as CID

      const answer = await importLines(await rpc('dag/import?stats=true', { body: upload(bytes) }))
      expect(answer[1], name).toEqual({ Stats: { BlockCount: fixture.blocks.length, BlockBytesCount: fixture.blocks.reduce((n, b) => n + b.bytes.byteLength, 0) } })
      expect(answer[0]?.Root?.Cid['/'], name).toBe(root.toString())

      if (name.endsWith(INCOMPLETE_FIXTURE)) {
        expect(answer[0]?.Root?.PinErrorMsg, name).toMatch(/could not find/)
        expect(await cairn.service.node.helia.pins.isPinned(root), name).toBe(false)
        // local-only leaves the missing block out, exactly where the CAR has no block
        expect((await exported(root, true)).equals(bytes), name).toBe(true)
        // without local-only the block is asked of peers; none has it, so the CAR breaks off
        await expect(Array.fromAsync(cairn.kubo.dag.export(root)), name).rejects.toThrow()
        continue
      }
      // every codec of the fixtures (plain cbor and json included) decodes here, so every complete DAG pins
      const { helia } = cairn.service.node
      expect(await unknownCodec(helia, fixture.blocks.map(b => b.cid)), name).toBeUndefined()
      expect(answer[0]?.Root?.PinErrorMsg, name).toBe('')
      expect(await helia.pins.isPinned(root), name).toBe(true)
      const out = await exported(root)
      // the same blocks always; the same bytes because each CAR is a
      // single-root CARv1 written depth-first, each block once
      expect((await carBlocks(out)).blocks, name).toEqual(fixture.blocks)
      expect(fixture.version === 1 && out.equals(bytes), name).toBe(true)
    }
  })

  it('refuses a CAR with a corrupt block with a 400 naming it, and pins nothing', async () => {
    const leaf = randomBytes(100)
    const leafCid = CID.createV1(raw.code, await sha256.digest(leaf))
    const rootBytes = dagCbor.encode({ leaf: leafCid })
    const root = CID.createV1(dagCbor.code, await sha256.digest(rootBytes))
    const corrupt = Buffer.from(leaf)
    corrupt[0] = (corrupt[0] ?? 0) ^ 0xff

    const res = await rpc('dag/import', { body: upload(await carV1([root], [{ cid: root, bytes: rootBytes }, { cid: leafCid, bytes: corrupt }])) })
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toContain(`block ${leafCid.toString()} is corrupt`)
    const { helia } = cairn.service.node
    expect(await helia.blockstore.has(leafCid)).toBe(false)
    expect(await helia.pins.isPinned(root)).toBe(false)
    expect(await Array.fromAsync(helia.pins.ls({ cid: root }))).toEqual([])

    const truncated = (await carV1([root], [{ cid: root, bytes: rootBytes }])).subarray(0, 60)
    const cut = await rpc('dag/import', { body: upload(truncated) })
    expect(cut.status).toBe(400)
    expect((await cut.json()).Message).toMatch(/import failed/)
  })

  it('imports CARv2 and several CARs at once, pinning roots only after all arrived', async () => {
    const leaf = randomBytes(64)
    const leafCid = CID.createV1(raw.code, await sha256.digest(leaf))
    const rootBytes = dagCbor.encode({ leaf: leafCid })
    const root = CID.createV1(dagCbor.code, await sha256.digest(rootBytes))
    // the root's CAR comes first and lacks the leaf: pinning must wait for the second one
    const body = new FormData()
    body.append('file', new Blob([Buffer.from(await carV2([root], [{ cid: root, bytes: rootBytes }]))]))
    body.append('file-1', new Blob([Buffer.from(await carV1([], [{ cid: leafCid, bytes: leaf }]))]))
    const lines = await importLines(await rpc('dag/import', { body }))
    expect(lines).toEqual([{ Root: { Cid: { '/': root.toString() }, PinErrorMsg: '' } }])
    expect(await cairn.service.node.helia.pins.isPinned(leafCid)).toBe(true)

    const big = randomBytes(1_048_577)
    const bigCid = CID.createV1(raw.code, await sha256.digest(big))
    const refused = await rpc('dag/import', { body: upload(await carV1([bigCid], [{ cid: bigCid, bytes: big }])) })
    expect(refused.status).toBe(400)
    expect((await refused.json()).Message).toMatch(/over 1MiB/)
    const allowed = await rpc('dag/import?allow-big-block=true&pin-roots=false', { body: upload(await carV1([bigCid], [{ cid: bigCid, bytes: big }])) })
    expect(await allowed.text()).toBe('')
    expect(await cairn.service.node.helia.blockstore.has(bigCid)).toBe(true)
  })

  it('works with kubo-rpc-client dag import and export', async () => {
    const leaf = randomBytes(32)
    const leafCid = CID.createV1(raw.code, await sha256.digest(leaf))
    const rootBytes = dagCbor.encode({ leaf: leafCid, list: [leafCid] })
    const root = CID.createV1(dagCbor.code, await sha256.digest(rootBytes))
    const car = await carV1([root], [{ cid: root, bytes: rootBytes }, { cid: leafCid, bytes: leaf }])
    const results = await Array.fromAsync(cairn.kubo.dag.import([car]))
    expect(results.map(r => [r.root.cid.toString(), r.root.pinErrorMsg])).toEqual([[root.toString(), '']])
    const out = Buffer.concat(await Array.fromAsync(cairn.kubo.dag.export(root)))
    expect(out.equals(car)).toBe(true)
  })

  it('bounds a DAG walk with LimitExceededError', async () => {
    const added = await cairn.kubo.add(randomBytes(700_000), { cidVersion: 1 })
    const { helia, config } = cairn.service.node
    const car = await exportCar(helia, added.cid, { idleTimeoutMs: config.fetchTimeoutMs, maxBlocks: 2 })
    await expect(Array.fromAsync(car)).rejects.toMatchObject({ name: 'LimitExceededError' })
  })
})

describe('dag export across peers', () => {
  let nodes: TestCairn[] = []

  afterAll(async () => { await stopAll(nodes) })

  it('exports from a second node a DAG only the first one has, fetching it over bitswap', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const added = await a.kubo.add(randomBytes(700_000), { cidVersion: 1, chunker: 'size-65536' })
    const fromA = Buffer.concat(await Array.fromAsync(a.kubo.dag.export(added.cid)))

    const localOnly = await fetch(`${b.apiUrl}/api/v0/dag/export?arg=${added.cid.toString()}&local-only=true`, { method: 'POST', headers: b.auth })
    expect(localOnly.status).toBe(404)
    expect((await localOnly.json()).Message).toMatch(/not found locally/)

    const fromB = Buffer.concat(await Array.fromAsync(b.kubo.dag.export(added.cid)))
    expect(fromB.equals(fromA)).toBe(true)
    const { blocks } = await carBlocks(fromB)
    expect(blocks).toHaveLength(12)
    expect(await b.service.node.helia.blockstore.has(blocks.at(-1)?.cid as CID)).toBe(true)
  })
})
