import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CachedFsBlockstore } from '../src/block-cache.ts'
import { MultihashFileNames } from '../src/block-files.ts'
import { StorageLimit } from '../src/storage/limit.ts'
import { concat } from './fixtures/http.ts'

describe('block cache over blockstore-fs', () => {
  let dir: string
  let stores: CachedFsBlockstore[] = []
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-blocks-')) })
  afterEach(async () => {
    await Promise.all(stores.map(async s => s.close()))
    stores = []
    await rm(dir, { recursive: true, force: true })
  })

  async function open (cacheBytes: number): Promise<CachedFsBlockstore> {
    const store = new CachedFsBlockstore(dir, { shardingStrategy: new MultihashFileNames(), cacheBytes })
    await store.open()
    stores.push(store)
    return store
  }
  const read = async (store: CachedFsBlockstore, cid: CID): Promise<Uint8Array> => new Uint8Array(concat(await Array.fromAsync(store.get(cid))))
  const fileOf = (cid: CID): string => {
    const { dir: shard, file } = new MultihashFileNames().encode(cid)
    return join(dir, shard, file)
  }
  async function block (size: number): Promise<{ cid: CID, bytes: Uint8Array }> {
    const bytes = randomBytes(size)
    return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
  }

  it('reads a block whole, then serves it from memory under either CID version', async () => {
    const store = await open(1024 * 1024)
    const { cid, bytes } = await block(300_000)
    await store.put(cid, bytes)
    expect(await Array.fromAsync(store.get(cid))).toHaveLength(1)
    expect(await read(store, cid)).toEqual(new Uint8Array(bytes))

    // the file is gone behind the store's back: only the cache can answer now
    await unlink(fileOf(cid))
    const v0 = CID.createV0(cid.multihash as Parameters<typeof CID.createV0>[0])
    expect(v0.equals(cid)).toBe(false)
    expect(await read(store, v0)).toEqual(new Uint8Array(bytes))
    // presence is still the disk's: Helia asks it before reading, and would fetch the block again
    expect(await store.has(cid)).toBe(false)
  })

  it('forgets a deleted block, keeps within its byte budget, and can be turned off', async () => {
    const store = await open(200_000)
    const blocks = await Promise.all([block(90_000), block(90_000), block(90_000), block(250_000)])
    for (const { cid, bytes } of blocks) {
      await store.put(cid, bytes)
      await read(store, cid)
    }
    await store.delete(blocks[2].cid)
    expect(await store.has(blocks[2].cid)).toBe(false)
    await expect(read(store, blocks[2].cid)).rejects.toHaveProperty('name', 'NotFoundError')

    // 3 × 90 kB do not fit in 200 kB, and the 250 kB block never enters: the oldest is out
    for (const { cid } of blocks) {
      await unlink(fileOf(cid)).catch(() => {})
    }
    await expect(read(store, blocks[0].cid)).rejects.toHaveProperty('name', 'NotFoundError')
    await expect(read(store, blocks[3].cid)).rejects.toHaveProperty('name', 'NotFoundError')
    expect(await read(store, blocks[1].cid)).toEqual(new Uint8Array(blocks[1].bytes))

    const uncached = await open(0)
    const { cid, bytes } = await block(1000)
    await uncached.put(cid, bytes)
    await read(uncached, cid)
    await unlink(fileOf(cid))
    await expect(read(uncached, cid)).rejects.toHaveProperty('name', 'NotFoundError')
  })

  it('does not fill the cache on writes', async () => {
    const store = await open(1024 * 1024)
    const { cid, bytes } = await block(1000)
    await store.put(cid, bytes)
    await unlink(fileOf(cid))
    await expect(read(store, cid)).rejects.toHaveProperty('name', 'NotFoundError')
  })

  it('writes blocks either side of a page whole, once each, counting each once, with no temporary file left', async () => {
    const limit = new StorageLimit({ maxBytes: Infinity, watermarkPercent: 100, usedBytes: 0, onAboveWatermark: () => {} })
    const store = new CachedFsBlockstore(dir, { shardingStrategy: new MultihashFileNames(), cacheBytes: 0, limit })
    await store.open()
    stores.push(store)
    const blocks = await Promise.all([64, 4096, 4097, 300_000].map(block))
    // each put twice at once, and once more after: one file, counted once
    await Promise.all(blocks.flatMap(b => [store.put(b.cid, b.bytes), store.put(b.cid, b.bytes)]))
    await Promise.all(blocks.map(async b => store.put(b.cid, b.bytes)))
    for (const b of blocks) {
      expect(await read(store, b.cid)).toEqual(new Uint8Array(b.bytes))
      expect((await stat(fileOf(b.cid))).size).toBe(b.bytes.byteLength)
    }
    expect(limit.blocks).toBe(blocks.length)
    expect(limit.usedBytes).toBe(blocks.reduce((sum, b) => sum + b.bytes.byteLength, 0))
    const files = (await readdir(dir, { recursive: true })).filter(name => name.endsWith('.tmp'))
    expect(files).toEqual([])
  })

  it('takes an empty file a crash left for a missing block, and writes it again', async () => {
    const store = await open(0)
    const b = await block(100)
    await store.put(b.cid, b.bytes)
    await writeFile(fileOf(b.cid), new Uint8Array())
    expect(await store.has(b.cid)).toBe(false)
    await expect(read(store, b.cid)).rejects.toThrow(/empty block file/)
    await store.put(b.cid, b.bytes)
    expect(await read(store, b.cid)).toEqual(new Uint8Array(b.bytes))
    // the one block that is empty is kept as an empty file
    const empty = { cid: CID.createV1(raw.code, await sha256.digest(new Uint8Array())), bytes: new Uint8Array() }
    await store.put(empty.cid, empty.bytes)
    expect(await store.has(empty.cid)).toBe(true)
    expect(await read(store, empty.cid)).toEqual(new Uint8Array())
  })

  it('makes a shard directory again when it went away', async () => {
    const store = await open(0)
    const first = await block(64)
    await store.put(first.cid, first.bytes)
    await rm(dirname(fileOf(first.cid)), { recursive: true })
    await store.put(first.cid, first.bytes)
    expect(await read(store, first.cid)).toEqual(new Uint8Array(first.bytes))
  })
})
