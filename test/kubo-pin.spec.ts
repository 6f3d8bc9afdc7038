import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { dagBlocks, rpcLines, sameBlock } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const CHUNK = 262_144

async function pinsOf (cairn: TestCairn, options: Parameters<TestCairn['kubo']['pin']['ls']>[0] = {}): Promise<Map<string, { type: string, name?: string }>> {
  const pins = new Map<string, { type: string, name?: string }>()
  for await (const pin of cairn.kubo.pin.ls(options)) {
    pins.set(pin.cid.toString(), { type: pin.type, name: pin.name })
  }
  return pins
}

describe('pin add/ls/rm/update/verify on one node', () => {
  let cairn: TestCairn
  beforeEach(async () => { cairn = await startCairn() })
  afterEach(async () => { await cairn.stop() })

  it('pins recursively and directly, lists types and names as Kubo, and unpins', async () => {
    const file = await cairn.kubo.add(randomBytes(2 * CHUNK + 5), { pin: false })
    const small = await cairn.kubo.add('direct me', { pin: false })
    const [, leaf] = await dagBlocks(cairn, file.cid)
    expect(file.cid.toString()).toMatch(/^Qm/)

    expect((await cairn.kubo.pin.add(file.cid, { name: 'site' })).toString()).toBe(file.cid.toString())
    expect((await cairn.kubo.pin.add(small.cid, { recursive: false })).toString()).toBe(small.cid.toString())

    const all = await pinsOf(cairn, { names: true })
    // a pin made with a CIDv0 lists as that CIDv0, as in Kubo
    expect(all.get(file.cid.toString())).toEqual({ type: 'recursive', name: 'site' })
    expect(all.get(small.cid.toString())).toEqual({ type: 'direct', name: undefined })
    expect(all.get(leaf!.toString())).toEqual({ type: 'indirect', name: undefined })
    expect(all.size).toBe(5)
    expect([...(await pinsOf(cairn, { type: 'indirect' })).values()].every(p => p.type === 'indirect')).toBe(true)
    expect([...(await pinsOf(cairn, { type: 'direct' })).keys()]).toEqual([small.cid.toString()])
    expect([...(await pinsOf(cairn, { name: 'sit' })).keys()]).toEqual([file.cid.toString()])
    expect([...(await pinsOf(cairn, { paths: [leaf!] })).values()]).toEqual([{ type: `indirect through ${file.cid.toString()}`, name: undefined }])

    // pinning again is idempotent and renames; a direct pin of a recursive one is refused
    await cairn.kubo.pin.add(file.cid, { name: 'renamed' })
    expect((await pinsOf(cairn, { type: 'recursive', names: true })).get(file.cid.toString())?.name).toBe('renamed')
    await expect(cairn.kubo.pin.add(file.cid, { recursive: false })).rejects.toThrow(/already pinned recursively/)

    // the non-streaming shape: {Keys:{cid:{Type,Name}}}
    const { lines: [listing] } = await rpcLines(cairn, `pin/ls?type=recursive&names=true`)
    expect(listing).toEqual({ Keys: { [file.cid.toString()]: { Type: 'recursive', Name: 'renamed' } } })

    await expect(cairn.kubo.pin.rm(leaf!)).rejects.toThrow('not pinned or pinned indirectly')
    await expect(cairn.kubo.pin.rm(file.cid, { recursive: false })).rejects.toThrow(/is pinned recursively/)
    expect((await cairn.kubo.pin.rm(file.cid)).toString()).toBe(file.cid.toString())
    expect((await cairn.kubo.pin.rm(small.cid)).toString()).toBe(small.cid.toString())
    expect(await pinsOf(cairn)).toEqual(new Map())
    expect(await cairn.service.node.helia.pins.isPinned(leaf!)).toBe(false)
    const missing = await rpcLines(cairn, `pin/rm?arg=${file.cid.toString()}`)
    expect(missing.status).toBe(404)
    expect(missing.lines[0]).toMatchObject({ Message: 'not pinned or pinned indirectly', Type: 'error' })
    expect((await rpcLines(cairn, 'pin/ls')).lines).toEqual([{}])
  })

  it('upgrades a direct pin to a recursive one', async () => {
    const file = await cairn.kubo.add(randomBytes(CHUNK + 1), { pin: false, cidVersion: 1 })
    const [, leaf] = await dagBlocks(cairn, file.cid)
    await cairn.kubo.pin.add(file.cid, { recursive: false, name: 'kept' })
    expect(await cairn.service.node.helia.pins.isPinned(leaf!)).toBe(false)
    await cairn.kubo.pin.add(file.cid)
    expect((await pinsOf(cairn, { names: true })).get(file.cid.toString())).toEqual({ type: 'recursive', name: 'kept' })
    expect(await cairn.service.node.helia.pins.isPinned(leaf!)).toBe(true)
  })

  it('updates a pin to a new DAG, keeping the blocks both share', async () => {
    const shared = randomBytes(CHUNK)
    const [before] = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'v1/shared.bin', content: shared },
      { path: 'v1/old.txt', content: new TextEncoder().encode('old') }
    ], { pin: false, cidVersion: 1 })).then(all => all.filter(e => e.path === 'v1').map(e => e.cid))
    const entries = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'v2/shared.bin', content: shared },
      { path: 'v2/new.txt', content: new TextEncoder().encode('new') }
    ], { pin: false, cidVersion: 1 }))
    const after = entries.find(e => e.path === 'v2')!.cid
    const sharedCid = entries.find(e => e.path === 'v2/shared.bin')!.cid
    await cairn.kubo.pin.add(before!, { name: 'release' })

    const pins = await cairn.kubo.pin.update(before!, after)
    expect(pins.map(String)).toEqual([before!.toString(), after.toString()])
    const recursive = await pinsOf(cairn, { type: 'recursive', names: true })
    expect([...recursive.entries()]).toEqual([[after.toString(), { type: 'recursive', name: 'release' }]])
    expect(await cairn.service.node.helia.pins.isPinned(sharedCid)).toBe(true)

    await expect(cairn.kubo.pin.update(before!, after)).rejects.toThrow(/not recursively pinned/)
    // a path pins what it names, as in Kubo
    const newFile = entries.find(e => e.path === 'v2/new.txt')!.cid
    expect((await cairn.kubo.pin.add(`/ipfs/${after.toString()}/new.txt`, { recursive: false })).toString()).toBe(newFile.toString())
    await expect(cairn.kubo.pin.add(`/ipfs/${after.toString()}/missing.txt`)).rejects.toThrow(/no link named "missing.txt" under /)
    const removed = await Array.fromAsync(cairn.kubo.repo.gc())
    expect(removed.length).toBeGreaterThan(0)
    expect(await cairn.service.node.helia.blockstore.has(sharedCid)).toBe(true)
    expect(await cairn.service.node.helia.blockstore.has(before!)).toBe(false)
  })

  it('keeps a block shared by two pins when one of them goes, even after re-pinning', async () => {
    // Helia's own pins.rm loses track of the other pin here; Cairn's does not
    const shared = randomBytes(CHUNK)
    const a = await cairn.kubo.add(Buffer.concat([shared, shared, randomBytes(10)]), { pin: false, cidVersion: 1 })
    const b = await cairn.kubo.add(Buffer.concat([shared, randomBytes(10)]), { pin: false, cidVersion: 1 })
    const sharedLeaf = (await dagBlocks(cairn, b.cid))[1]!
    await cairn.kubo.pin.add(a.cid)
    await cairn.kubo.pin.add(b.cid)
    await cairn.kubo.pin.rm(a.cid)
    await cairn.kubo.pin.add(a.cid)
    await cairn.kubo.pin.rm(b.cid)
    await Array.fromAsync(cairn.kubo.repo.gc())
    expect(await cairn.service.node.helia.blockstore.has(sharedLeaf)).toBe(true)
    expect(Buffer.concat(await Array.fromAsync(cairn.kubo.cat(a.cid))).subarray(0, CHUNK).equals(shared)).toBe(true)
  })

  it('verifies pins: complete ones are ok, a lost block is reported', async () => {
    const file = await cairn.kubo.add(randomBytes(2 * CHUNK), { cidVersion: 1 })
    const whole = await rpcLines(cairn, 'pin/verify?verbose=true')
    expect(whole.lines).toEqual([{ Cid: file.cid.toString(), Ok: true }])
    expect((await rpcLines(cairn, 'pin/verify')).lines).toEqual([])

    const [, leaf] = await dagBlocks(cairn, file.cid)
    const name = base32upper.encode(leaf!.multihash.bytes)
    await rm(join(cairn.dataDir, 'blocks', name.slice(-2), `${name}.data`))
    const broken = await rpcLines(cairn, 'pin/verify')
    expect(broken.lines).toHaveLength(1)
    expect(broken.lines[0].Cid).toBe(file.cid.toString())
    expect(broken.lines[0].Ok).toBeUndefined()
    expect(broken.lines[0].BadNodes).toEqual([{ Cid: leaf!.toString(), Err: 'merkledag: not found' }])
    expect((await rpcLines(cairn, 'pin/verify?quiet=true')).lines).toEqual([{ Cid: file.cid.toString() }])
  })
})

describe('pin add of content this node lacks', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('fetches the whole DAG from the peer that has it, streaming progress', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const added = await a.kubo.add(randomBytes(6 * CHUNK + 3))
    const blocks = await dagBlocks(a, added.cid)

    const { status, lines } = await rpcLines(b, `pin/add?arg=/ipfs/${added.cid.toString()}&progress=true`)
    expect(status).toBe(200)
    const progress = lines.filter(line => line.Progress != null).map(line => line.Progress as number)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toBe(blocks.length)
    expect(lines.at(-1)).toEqual({ Pins: [added.cid.toString()] })
    for (const block of blocks) {
      expect(await b.service.node.helia.blockstore.has(block)).toBe(true)
      expect(await b.service.node.helia.pins.isPinned(block)).toBe(true)
    }

    const other = await a.kubo.add('fetched without progress')
    expect((await b.kubo.pin.add(other.cid)).toString()).toBe(other.cid.toString())
    expect((await pinsOf(b, { type: 'recursive' })).has(other.cid.toString())).toBe(true)
  })

  it('fails with 404 within the fetch timeout for content nobody has, and leaves no pin', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const nobody = CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
    const started = Date.now()
    const res = await rpcLines(b, `pin/add?arg=${nobody.toString()}`)
    expect(res.status).toBe(404)
    expect(res.lines[0]).toMatchObject({ Type: 'error', Message: expect.stringContaining('not found') })
    expect(Date.now() - started).toBeLessThan(15_000)

    // a DAG whose root is served but one of whose leaves is not: nothing of it stays pinned
    const partial = await a.kubo.add(randomBytes(3 * CHUNK), { pin: false })
    const [root, lost] = await dagBlocks(a, partial.cid)
    await a.service.node.helia.blockstore.delete(lost!)
    await expect(b.kubo.pin.add(partial.cid)).rejects.toThrow(/not found/)
    expect(await b.service.node.helia.blockstore.has(root!)).toBe(true)
    expect(await b.service.node.helia.pins.isPinned(root!)).toBe(false)
    expect(await pinsOf(b)).toEqual(new Map())
  })
})

describe('pins and garbage collection at once', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  it('a gc started while a pin is still fetching waits for it, and sweeps none of its blocks', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const added = await a.kubo.add(randomBytes(48 * 1024 * 1024), { cidVersion: 1 })
    const blocks = await dagBlocks(a, added.cid)

    const res = await fetch(`${b.apiUrl}/api/v0/pin/add?arg=${added.cid.toString()}&progress=true`, { method: 'POST', headers: b.auth })
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    const first = await reader.read()
    expect(JSON.parse(first.value!.split('\n')[0]!).Progress).toBeLessThan(blocks.length)

    const swept = await Array.fromAsync(b.kubo.repo.gc())
    let rest = ''
    for (let chunk = await reader.read(); chunk.done !== true; chunk = await reader.read()) {
      rest += chunk.value
    }
    const last = JSON.parse(rest.trim().split('\n').at(-1)!)
    expect(last).toEqual({ Pins: [added.cid.toString()] })
    const removed = swept.flatMap(r => r.cid == null ? [] : [r.cid])
    expect(removed.filter(cid => blocks.some(block => sameBlock(block, cid)))).toEqual([])
    for (const block of blocks) {
      expect(await b.service.node.helia.blockstore.has(block)).toBe(true)
    }
  })
})
