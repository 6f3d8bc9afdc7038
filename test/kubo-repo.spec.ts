import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { dagBlocks, rpcLines, sameBlock } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { CID } from 'multiformats/cid'

const CHUNK = 262_144

describe('repo stat and repo gc', () => {
  let cairn: TestCairn
  beforeEach(async () => { cairn = await startCairn() })
  afterEach(async () => { await cairn.stop() })

  it('reports the repo in Kubo\'s shape, and its numbers grow with an add', async () => {
    const before = await cairn.kubo.repo.stat()
    const added = await cairn.kubo.add(randomBytes(3 * CHUNK))
    const after = await cairn.kubo.repo.stat()

    expect(after.numObjects - before.numObjects).toBe(BigInt((await dagBlocks(cairn, added.cid)).length))
    expect(after.repoSize - before.repoSize).toBeGreaterThanOrEqual(BigInt(3 * CHUNK))
    expect(after.storageMax).toBeGreaterThan(after.repoSize)
    expect(after.repoPath).toBe(cairn.dataDir)
    expect(after.version).toBe('fs-repo@18')

    const { lines: [raw] } = await rpcLines(cairn, 'repo/stat')
    expect(Object.keys(raw as object).toSorted()).toEqual(['NumObjects', 'RepoPath', 'RepoSize', 'StorageMax', 'Version'])
    expect(typeof raw.RepoSize).toBe('number')
    const { lines: [sizeOnly] } = await rpcLines(cairn, 'repo/stat?size-only=true')
    expect(sizeOnly).toMatchObject({ NumObjects: 0, RepoPath: '', Version: '' })
    expect(sizeOnly.RepoSize).toBeGreaterThan(0)
  })

  it('removes unpinned blocks and never a pinned one', async () => {
    const pinned = await cairn.kubo.add(randomBytes(2 * CHUNK + 1), { cidVersion: 1 })
    const unpinned = await cairn.kubo.add(randomBytes(2 * CHUNK + 2), { cidVersion: 1, pin: false })
    const direct = await cairn.kubo.add(randomBytes(2 * CHUNK + 3), { cidVersion: 1, pin: false })
    await cairn.kubo.pin.add(direct.cid, { recursive: false })
    const pinnedBlocks = await dagBlocks(cairn, pinned.cid)
    const unpinnedBlocks = await dagBlocks(cairn, unpinned.cid)
    const [directRoot, ...directLeaves] = await dagBlocks(cairn, direct.cid)

    const results = await Array.fromAsync(cairn.kubo.repo.gc())
    expect(results.every(r => r.err == null)).toBe(true)
    const removed = results.map(r => r.cid).filter((cid): cid is CID => cid != null)
    const wasRemoved = (block: CID): boolean => removed.some(cid => sameBlock(cid, block))

    const { blockstore } = cairn.service.node.helia
    for (const block of [...pinnedBlocks, directRoot!]) {
      expect(wasRemoved(block)).toBe(false)
      expect(await blockstore.has(block)).toBe(true)
    }
    for (const block of [...unpinnedBlocks, ...directLeaves]) {
      expect(wasRemoved(block)).toBe(true)
      expect(await blockstore.has(block)).toBe(false)
    }
    // Kubo names removed blocks by multihash: raw CIDv1s
    expect(removed.every(cid => cid.version === 1 && cid.code === 0x55)).toBe(true)
    expect(Buffer.concat(await Array.fromAsync(cairn.kubo.cat(pinned.cid))).length).toBe(2 * CHUNK + 1)

    const again = await rpcLines(cairn, 'repo/gc')
    expect(again).toEqual({ status: 200, lines: [] })
  })

  it('streams removed keys as {Key:{"/":cid}} lines', async () => {
    const unpinned = await cairn.kubo.add('collect me', { cidVersion: 1, pin: false })
    const { status, lines } = await rpcLines(cairn, 'repo/gc?stream-errors=true')
    expect(status).toBe(200)
    expect(lines).toEqual([{ Key: { '/': unpinned.cid.toString() } }])
  })

  it('collects garbage on a store holding sha2-512 blocks, keeping the pinned one', async () => {
    const kept = await cairn.kubo.block.put(new TextEncoder().encode('sha2-512 pinned'), { mhtype: 'sha2-512', pin: true })
    const loose = await cairn.kubo.block.put(new TextEncoder().encode('sha2-512 loose'), { mhtype: 'sha2-512' })
    const results = await Array.fromAsync(cairn.kubo.repo.gc())
    expect(results.every(r => r.err == null)).toBe(true)
    const removed = results.map(r => r.cid).filter((cid): cid is CID => cid != null)
    expect(removed.some(cid => sameBlock(cid, loose))).toBe(true)
    expect(removed.some(cid => sameBlock(cid, kept))).toBe(false)
    expect(await cairn.service.node.helia.blockstore.has(kept)).toBe(true)
    expect(await cairn.service.node.helia.blockstore.has(loose)).toBe(false)
  })
})

describe('scheduled garbage collection', () => {
  let cairn: TestCairn
  beforeEach(async () => { cairn = await startCairn({ env: { CAIRN_GC_INTERVAL_MS: '300' } }) })
  afterEach(async () => { await cairn.stop() })

  it('sweeps unpinned blocks on its own and keeps pinned ones', async () => {
    const pinned = await cairn.kubo.add(randomBytes(CHUNK + 1), { cidVersion: 1 })
    const loose = await cairn.kubo.add(randomBytes(CHUNK + 2), { cidVersion: 1, pin: false })
    const { blockstore } = cairn.service.node.helia
    await expect.poll(async () => blockstore.has(loose.cid), { timeout: 10_000 }).toBe(false)
    for (const block of await dagBlocks(cairn, pinned.cid)) {
      expect(await blockstore.has(block)).toBe(true)
    }
  })
})
