import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCar } from '../src/gateway/car/open.ts'
import { parseCarParams } from '../src/gateway/car/params.ts'
import { startCairn } from './fixtures/cairn.ts'
import { importFixture, readCar } from './fixtures/trustless.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { CarContent } from './fixtures/trustless.ts'

// the trustless gateway spec's CAR cases (gateway-conformance trustless_gateway_car), on the corpus's fixtures
describe('trustless gateway: CAR', () => {
  let cairn: TestCairn
  const fx: Record<string, CarContent> = {}

  beforeAll(async () => {
    cairn = await startCairn()
    for (const name of ['subdir-with-two-single-block-files', 'single-layer-hamt-with-multi-block-files', 'dir-with-dag-cbor-with-links',
      'subdir-with-mixed-block-files', 'dir-with-duplicate-files', 'file-3k-and-3-blocks-missing-block']) {
      fx[name] = await importFixture(cairn.service.node, `trustless_gateway_car/${name}.car`)
    }
  })
  afterAll(async () => {
    await cairn.stop()
  })

  const root = (name: string): string => fx[name]?.roots[0]?.toString() ?? ''
  /** A fixture's dag-pb links by name, or all of them in order for ''. */
  const links = (name: string, cid: string): Array<{ name: string, cid: string }> => {
    const block = fx[name]?.blocks.find(b => b.cid.toString() === cid)
    return block == null ? [] : dagPb.decode(block.bytes).Links.map(l => ({ name: l.Name ?? '', cid: l.Hash.toString() }))
  }
  const child = (name: string, cid: string, entry: string): string => links(name, cid).find(l => l.name === entry)?.cid ?? ''
  const mixed = 'subdir-with-mixed-block-files'
  const mixedSubdir = (): string => child(mixed, root(mixed), 'subdir')
  const multiblock = (): string => child(mixed, mixedSubdir(), 'multiblock.txt')
  const leaves = (): string[] => links(mixed, multiblock()).map(l => l.cid)

  async function getCar (path: string, init: { query?: Record<string, string>, accept?: string, headers?: Record<string, string> } = {}): Promise<{ res: Response, cids: string[], car: CarContent }> {
    const url = new URL(`${cairn.gatewayUrl}${path}`)
    for (const [k, v] of Object.entries(init.query ?? {})) {
      url.searchParams.set(k, v)
    }
    const res = await fetch(url, { headers: { ...(init.accept == null ? {} : { accept: init.accept }), ...init.headers } })
    const car = res.status === 200 ? await readCar(new Uint8Array(await res.arrayBuffer())) : { roots: [], blocks: [] }
    return { res, cids: car.blocks.map(b => b.cid.toString()), car }
  }

  /** Each case asked with ?format=car and with Accept, as the suite's StandardCARTestTransforms does. */
  const viaFormatAndAccept = [{ via: 'format=car', query: { format: 'car' } }, { via: 'Accept', accept: 'application/vnd.ipld.car' }]

  describe.each(viaFormatAndAccept)('pathing and scopes ($via)', ({ query, accept }) => {
    const ask = async (path: string, extra: Record<string, string> = {}) => getCar(path, { query: { ...query, ...extra }, accept })

    it('sends the blocks of the path, then the file, with the standard CAR headers', async () => {
      const two = 'subdir-with-two-single-block-files'
      const { res, cids, car } = await ask(`/ipfs/${root(two)}/subdir/ascii.txt`)
      const subdir = child(two, root(two), 'subdir')
      expect(cids).toEqual([root(two), subdir, child(two, subdir, 'ascii.txt')])
      expect(car.roots.map(String)).toEqual([root(two)])
      expect(res.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=n')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('accept-ranges')).toBe('none')
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.car"$/)
      expect(res.headers.get('x-ipfs-roots')).toBe(cids.join(','))
    })

    it('walks a HAMT-sharded directory through the one shard that holds the name', async () => {
      const hamt = 'single-layer-hamt-with-multi-block-files'
      const { cids } = await ask(`/ipfs/${root(hamt)}/685.txt`)
      const shard = links(hamt, root(hamt)).find(l => l.name.length === 2 && links(hamt, l.cid).some(e => e.name.endsWith('685.txt')))?.cid ?? ''
      const file = links(hamt, shard).find(e => e.name.endsWith('685.txt'))?.cid ?? ''
      expect(cids).toEqual([root(hamt), shard, file, ...links(hamt, file).map(l => l.cid)])
      const block = await ask(`/ipfs/${root(hamt)}/685.txt`, { 'dag-scope': 'block' })
      expect(block.cids).toEqual([root(hamt), shard, file])
    })

    it('follows links in DAG-CBOR and sends only the document, not what it links to, for dag-scope=entity', async () => {
      const cbor = 'dir-with-dag-cbor-with-links'
      const doc = child(cbor, root(cbor), 'document')
      expect((await ask(`/ipfs/${doc}/files/single`)).cids).toEqual([doc, 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'])
      expect((await ask(`/ipfs/${root(cbor)}/document`, { 'dag-scope': 'entity' })).cids).toEqual([root(cbor), doc])
    })

    it('answers 404 for a name that is not in the directory', async () => {
      const { res } = await ask(`/ipfs/${root('subdir-with-two-single-block-files')}/subdir/i-do-not-exist`)
      expect(res.status).toBe(404)
    })

    it('dag-scope=block sends the path and the block it ends at, even for a directory', async () => {
      const two = 'subdir-with-two-single-block-files'
      const subdir = child(two, root(two), 'subdir')
      expect((await ask(`/ipfs/${root(two)}/subdir`, { 'dag-scope': 'block' })).cids).toEqual([root(two), subdir])
      expect((await ask(`/ipfs/${root(two)}/subdir/ascii.txt`, { 'dag-scope': 'block' })).cids).toEqual([root(two), subdir, child(two, subdir, 'ascii.txt')])
      const hamt = 'single-layer-hamt-with-multi-block-files'
      const shard = links(hamt, root(hamt)).find(l => l.name.length === 2 && links(hamt, l.cid).some(e => e.name.endsWith('1.txt') && e.name.length === 7))?.cid ?? ''
      const file = links(hamt, shard).find(e => e.name.length === 7 && e.name.endsWith('1.txt'))?.cid ?? ''
      expect((await ask(`/ipfs/${root(hamt)}/1.txt`, { 'dag-scope': 'block' })).cids).toEqual([root(hamt), shard, file])
    })

    it('dag-scope=entity: a directory alone, a HAMT with all its shards, a chunked file whole', async () => {
      const two = 'subdir-with-two-single-block-files'
      expect((await ask(`/ipfs/${root(two)}`, { 'dag-scope': 'entity' })).cids).toEqual([root(two)])

      const hamt = 'single-layer-hamt-with-multi-block-files'
      const shards = fx[hamt]?.blocks.filter(b => b.cid.code === dagPb.code && UnixFS.unmarshal(dagPb.decode(b.bytes).Data ?? new Uint8Array()).type === 'hamt-sharded-directory') ?? []
      const entity = await ask(`/ipfs/${root(hamt)}`, { 'dag-scope': 'entity' })
      expect(entity.cids[0]).toBe(root(hamt))
      expect(entity.cids.toSorted()).toEqual(shards.map(b => b.cid.toString()).toSorted())
      expect((await ask(`/ipfs/${root(hamt)}`, { 'entity-bytes': '0:*' })).cids).toEqual(entity.cids)

      expect((await ask(`/ipfs/${root(mixed)}/subdir/multiblock.txt`, { 'dag-scope': 'entity' })).cids).toEqual([root(mixed), mixedSubdir(), multiblock(), ...leaves()])
      expect((await ask(`/ipfs/${root(mixed)}/subdir/multiblock.txt`, { 'entity-bytes': '0:*' })).cids).toEqual([root(mixed), mixedSubdir(), multiblock(), ...leaves()])
      expect((await ask(`/ipfs/${root(mixed)}/subdir/ascii.txt`, { 'dag-scope': 'entity' })).cids).toEqual([root(mixed), mixedSubdir(), child(mixed, mixedSubdir(), 'ascii.txt')])
    })

    it('dag-scope=all (the default) sends the whole DAG below the path, depth first', async () => {
      const sub = mixedSubdir()
      const all = await ask(`/ipfs/${root(mixed)}/subdir`, { 'dag-scope': 'all' })
      expect(all.cids).toEqual([root(mixed), sub, child(mixed, sub, 'ascii.txt'), child(mixed, sub, 'hello.txt'), multiblock(), ...leaves()])
      expect((await ask(`/ipfs/${root(mixed)}/subdir`)).cids).toEqual(all.cids)
      expect((await ask(`/ipfs/${root(mixed)}/subdir/multiblock.txt`, { 'dag-scope': 'all' })).cids).toEqual([root(mixed), sub, multiblock(), ...leaves()])
    })
  })

  describe.each(viaFormatAndAccept)('entity-bytes ($via)', ({ query, accept }) => {
    const ranged = async (path: string, range: string) => (await getCar(path, { query: { ...query, 'dag-scope': 'entity', 'entity-bytes': range }, accept })).cids

    it.each([
      ['0:*', [0, 5]], ['512:*', [2, 5]], ['512:1023', [2, 4]], ['512:-256', [2, 4]], ['-5:*', [3, 5]],
      ['-9999:*', [0, 5]], ['-9999:-3', [0, 4]], ['0:0', [0, 1]]
    ] as const)('%s sends only the leaves that hold those bytes', async (range, [from, to]) => {
      expect(await ranged(`/ipfs/${multiblock()}`, range)).toEqual([multiblock(), ...leaves().slice(from, to)])
    })

    it('succeeds when the blocks outside the range are missing', async () => {
      const missing = 'file-3k-and-3-blocks-missing-block'
      const [first, middle, last] = links(missing, root(missing)).map(l => l.cid)
      expect(fx[missing]?.blocks.map(b => b.cid.toString())).not.toContain(middle)
      expect((await ranged(`/ipfs/${root(missing)}`, '0:1000')).toSorted()).toEqual([root(missing), first].toSorted())
      expect((await ranged(`/ipfs/${root(missing)}`, '2200:*')).toSorted()).toEqual([root(missing), last].toSorted())
    })

    it('answers a range past the end like dag-scope=block, and refuses one written backwards', async () => {
      expect(await ranged(`/ipfs/${multiblock()}`, '5000:*')).toEqual([multiblock()])
      expect((await getCar(`/ipfs/${multiblock()}`, { query: { ...query, 'entity-bytes': '10:5' }, accept })).res.status).toBe(400)
    })

    it('ends the stream early, after the blocks it had, when a block cannot be had', async () => {
      const missing = 'file-3k-and-3-blocks-missing-block'
      const res = await fetch(`${cairn.gatewayUrl}/ipfs/${root(missing)}${query == null ? '' : '?format=car'}`, { headers: accept == null ? {} : { accept } })
      expect(res.status).toBe(200)
      await expect(res.arrayBuffer()).rejects.toThrow()
    })
  })

  describe('order and duplicates', () => {
    const dup = 'dir-with-duplicate-files'
    const expected = (dups: boolean): string[] => {
      const ascii = child(dup, root(dup), 'ascii.txt')
      const mb = child(dup, root(dup), 'multiblock.txt')
      return [root(dup), ascii, ...(dups ? [ascii] : []), child(dup, root(dup), 'hello.txt'), mb, ...links(dup, mb).map(l => l.cid)]
    }

    it('dups=y sends a block each time the walk meets it; dups=n once', async () => {
      const yes = await getCar(`/ipfs/${root(dup)}`, { accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=y' })
      expect(yes.res.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=y')
      expect(yes.cids).toEqual(expected(true))
      const no = await getCar(`/ipfs/${root(dup)}`, { accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=n' })
      expect(no.res.headers.get('content-type')).toContain('dups=n')
      expect(no.cids).toEqual(expected(false))
      const both = await getCar(`/ipfs/${root(dup)}`, { query: { format: 'car' }, accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=y' })
      expect(both.cids).toEqual(expected(true))
      expect((await getCar(`/ipfs/${root(dup)}`, { query: { format: 'car', 'car-dups': 'y' } })).cids).toEqual(expected(true))
    })

    it('order=unk is answered with an explicit order', async () => {
      const unk = await getCar(`/ipfs/${root(dup)}`, { accept: 'application/vnd.ipld.car; version=1; order=unk' })
      expect(unk.res.headers.get('content-type')).toContain('order=dfs')
      expect(new Set(unk.cids)).toEqual(new Set(expected(true)))
    })

    it('never sends identity blocks, and refuses a CAR version it cannot write', async () => {
      const identity = await getCar('/ipfs/bafkqaf3imvwgy3zaneqgc3janfxgy2lomvscay3jmqfa', { accept: 'application/vnd.ipld.car; dups=y' })
      expect(identity.res.status).toBe(200)
      expect(identity.car.roots.map(String)).toEqual(['bafkqaf3imvwgy3zaneqgc3janfxgy2lomvscay3jmqfa'])
      expect(identity.cids).toEqual([])
      expect((await getCar(`/ipfs/${root(dup)}`, { query: { format: 'car', 'car-version': '2' } })).res.status).toBe(400)
      expect((await getCar(`/ipfs/${root(dup)}`, { query: { format: 'car', 'dag-scope': 'everything' } })).res.status).toBe(400)
    })
  })

  it('answers HEAD with the CAR headers alone, and bounds the blocks one CAR may carry', async () => {
    const head = await fetch(`${cairn.gatewayUrl}/ipfs/${root(mixed)}?format=car`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toContain('application/vnd.ipld.car')
    expect((await head.arrayBuffer()).byteLength).toBe(0)

    const { node } = cairn.service
    const car = await openCar(node.helia.blockstore, node.helia.getCodec, fx[mixed]?.roots[0] ?? CID.parse(root(mixed)), '', parseCarParams({}, undefined), { maxBlocks: 3 })
    await expect(Array.fromAsync(car.body)).rejects.toThrow(expect.objectContaining({ name: 'LimitExceededError' }))
  })

  it('has an Etag that changes with the parameters, and answers If-None-Match with 304', async () => {
    const path = `/ipfs/${root(mixed)}/subdir`
    const variants: Array<Record<string, string>> = [{}, { 'dag-scope': 'entity' }, { 'dag-scope': 'block' }, { 'car-dups': 'y' }, { 'entity-bytes': '0:10' }]
    const tags = await Promise.all(variants
      .map(async extra => (await getCar(path, { query: { format: 'car', ...extra } })).res.headers.get('etag')))
    expect(new Set(tags).size).toBe(tags.length)
    const again = await fetch(`${cairn.gatewayUrl}${path}?format=car`, { headers: { 'if-none-match': tags[0] ?? '' } })
    expect(again.status).toBe(304)
  })
})
