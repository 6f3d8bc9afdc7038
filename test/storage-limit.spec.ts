import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { keptDataDirs, startCairn, testEnv } from './fixtures/cairn.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import { uploadForm } from './fixtures/http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const KiB = 1024
const LIMIT = 512 * KiB

interface RepoStat { RepoSize: number, StorageMax: number, NumObjects: number }

async function repoStat (cairn: TestCairn): Promise<RepoStat> {
  return (await fetch(`${cairn.apiUrl}/api/v0/repo/stat`, { method: 'POST', headers: cairn.auth })).json() as Promise<RepoStat>
}

async function add (cairn: TestCairn, bytes: number, query = ''): Promise<Response> {
  return fetch(`${cairn.apiUrl}/api/v0/add?cid-version=1&raw-leaves=true${query}`, { method: 'POST', headers: cairn.auth, body: uploadForm('f.bin', randomBytes(bytes)) })
}

async function onDisk (dir: string): Promise<{ count: number, bytes: number }> {
  const files = (await readdir(join(dir, 'blocks'), { recursive: true, withFileTypes: true })).filter(f => f.isFile() && f.name.endsWith('.data'))
  const sizes = await Promise.all(files.map(async f => (await stat(join(f.parentPath, f.name))).size))
  return { count: files.length, bytes: sizes.reduce((a, b) => a + b, 0) }
}

describe('storage limit (CAIRN_STORAGE_MAX, CAIRN_GC_WATERMARK)', () => {
  let cairn: TestCairn | undefined
  afterEach(async () => { await cairn?.stop(); cairn = undefined })

  it('reads sizes as Kubo writes them', () => {
    expect(parseConfig({ CAIRN_STORAGE_MAX: '10GB' }).storageMax).toBe(10_000_000_000)
    expect(parseConfig({ CAIRN_STORAGE_MAX: '500MiB' }).storageMax).toBe(500 * 1024 * 1024)
    expect(parseConfig({ CAIRN_STORAGE_MAX: '1048576' }).storageMax).toBe(1048576)
    expect(parseConfig({}).storageMax).toBeUndefined()
    expect(parseConfig({}).gcWatermark).toBe(90)
    expect(() => parseConfig({ CAIRN_STORAGE_MAX: 'lots' })).toThrow(/CAIRN_STORAGE_MAX \(--storage-max\).*"lots"/)
    expect(() => parseConfig({ CAIRN_GC_WATERMARK: '150' })).toThrow(/CAIRN_GC_WATERMARK/)
  })

  it('refuses a write past the limit with 507, leaving no pin and, after gc, no block of it', async () => {
    cairn = await startCairn({ env: { CAIRN_STORAGE_MAX: String(LIMIT) } })
    expect((await repoStat(cairn)).StorageMax).toBe(LIMIT)
    const kept = await add(cairn, 64 * KiB, '&pin-name=kept')
    expect(kept.status).toBe(200)
    const before = (await repoStat(cairn)).NumObjects

    const tooBig = await add(cairn, 2 * LIMIT, '&pin-name=too-big')
    expect(tooBig.status).toBe(507)
    const body = await tooBig.json() as { Message: string }
    expect(body.Message).toContain(`CAIRN_STORAGE_MAX (${LIMIT} bytes`)

    const pins = await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))
    expect(pins).toHaveLength(1)
    // the refused upload's blocks are collected by themselves: only the kept file's remain
    const node = cairn
    await expect.poll(async () => (await repoStat(node)).NumObjects, { timeout: 10_000, interval: 100 }).toBe(before)
    // and there is room again
    expect((await add(cairn, 64 * KiB)).status).toBe(200)
    // every way in is bounded: a single block too
    const form = uploadForm('block', randomBytes(LIMIT + 1))
    const put = await fetch(`${cairn.apiUrl}/api/v0/block/put?cid-codec=raw`, { method: 'POST', headers: cairn.auth, body: form })
    expect(put.status).toBe(507)
  })

  it('collects unpinned blocks by itself once usage passes the watermark', async () => {
    cairn = await startCairn({ env: { CAIRN_STORAGE_MAX: String(LIMIT), CAIRN_GC_WATERMARK: '50' } })
    const pinned = await add(cairn, 100 * KiB)
    expect(pinned.status).toBe(200)
    const pinnedObjects = (await repoStat(cairn)).NumObjects
    // unpinned content (a cache, as far as gc is concerned) takes usage past 50 %
    for (let i = 0; i < 3; i++) {
      expect((await add(cairn, 80 * KiB, '&pin=false')).status).toBe(200)
    }
    const node = cairn
    // the collection starts as the third add crosses 50 %; that add's own block may be written after it looked
    await expect.poll(async () => (await repoStat(node)).NumObjects, { timeout: 10_000, interval: 100 }).toBeLessThanOrEqual(pinnedObjects + 1)
    const { Hash } = await pinned.json() as { Hash: string }
    expect((await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}`)).status).toBe(200)
  })

  it('keeps repo/stat\'s block count and size equal to the files on disk through adds, block/rm, gc and a restart', async () => {
    cairn = await startCairn()
    const check = async (): Promise<void> => {
      const disk = await onDisk(cairn?.dataDir ?? '')
      const reported = await repoStat(cairn as TestCairn)
      expect(reported.NumObjects).toBe(disk.count)
      expect(reported.RepoSize).toBeGreaterThanOrEqual(disk.bytes)
    }
    await add(cairn, 600 * KiB)
    await add(cairn, 300 * KiB, '&pin=false')
    const again = await add(cairn, 300 * KiB, '&pin=false')
    await check()
    const { Hash } = await again.json() as { Hash: string }
    expect((await fetch(`${cairn.apiUrl}/api/v0/block/rm?arg=${Hash}`, { method: 'POST', headers: cairn.auth })).status).toBe(200)
    await fetch(`${cairn.apiUrl}/api/v0/block/rm?arg=${Hash}`, { method: 'POST', headers: cairn.auth })
    await check()
    await (await fetch(`${cairn.apiUrl}/api/v0/repo/gc`, { method: 'POST', headers: cairn.auth })).text()
    await check()
    const dataDir = cairn.dataDir
    await cairn.service.shutdown()
    cairn = await startCairn({ dataDir })
    await check()
  })

  it('counts what a restarted node already holds', async () => {
    const first = await startCairn({ env: { CAIRN_STORAGE_MAX: String(LIMIT) } })
    expect((await add(first, 300 * KiB)).status).toBe(200)
    const dataDir = first.dataDir
    await first.service.shutdown()
    cairn = await startCairn({ dataDir, env: { CAIRN_STORAGE_MAX: String(LIMIT) } })
    expect((await add(cairn, 300 * KiB)).status).toBe(507)
    expect((await add(cairn, 100 * KiB)).status).toBe(200)
  })
  it('keeps the block usage across a clean stop, and measures the files again after a crash', async () => {
    const dirs = keptDataDirs()
    try {
      const dataDir = await dirs.make()
      // a crash: the process is killed, so it saves nothing
      const crashed = spawnCairn(testEnv(dataDir, { CAIRN_API_TOKEN: 'crash-test-token-0123456789', CAIRN_LOG_LEVEL: 'info' }))
      const { apiUrl } = await waitForListening(crashed)
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${apiUrl}/api/v0/add?cid-version=1&raw-leaves=true`, { method: 'POST', headers: { authorization: 'Bearer crash-test-token-0123456789' }, body: uploadForm('f.bin', randomBytes(300 * KiB)) })
        expect(res.status).toBe(200)
      }
      crashed.child.kill('SIGKILL')
      await crashed.exited
      expect(existsSync(join(dataDir, 'block-usage.json'))).toBe(false)
      const disk = await onDisk(dataDir)
      expect(disk.count).toBe(2 * 3 + 3)

      cairn = await startCairn({ dataDir })
      expect((await repoStat(cairn)).NumObjects).toBe(disk.count)
      // while the node runs there is no saved usage to go stale
      expect(existsSync(join(dataDir, 'block-usage.json'))).toBe(false)
      await add(cairn, 10 * KiB)
      await cairn.service.shutdown()
      const saved = JSON.parse(await readFile(join(dataDir, 'block-usage.json'), 'utf8')) as { blocks: number, bytes: number }
      expect(saved).toEqual({ blocks: disk.count + 1, bytes: disk.bytes + 10 * KiB })
      cairn = await startCairn({ dataDir })
      expect((await repoStat(cairn)).NumObjects).toBe(disk.count + 1)
    } finally {
      await cairn?.stop()
      cairn = undefined
      await dirs.removeAll()
    }
  })
})
