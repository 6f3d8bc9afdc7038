import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll, tempDataDir } from './fixtures/cairn.ts'
import { psa, waitForStatus } from './fixtures/pin-service.ts'
import { dagBlocks } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const CHUNK = 262_144

async function recursivePins (cairn: TestCairn): Promise<string[]> {
  return (await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))).map(pin => pin.cid.toString())
}

async function catBytes (cairn: TestCairn, cid: CID): Promise<Buffer> {
  return Buffer.concat(await Array.fromAsync(cairn.kubo.cat(cid)))
}

describe('Pinning Service API: the pin worker', () => {
  const nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes.splice(0)) })

  it('pins a DAG held by a peer named in origins, with progress, and keeps it after that peer stops', async () => {
    const holder = await startCairn()
    const service = await startCairn()
    nodes.push(holder, service)
    const data = randomBytes(6 * CHUNK + 17)
    const { cid } = await holder.kubo.add(data)
    const added = await psa(service, 'POST', '/pins', { body: { cid: cid.toString(), name: 'from-origin', origins: [holder.peerAddress] } })
    expect(added.status).toBe(202)
    const done = await waitForStatus(service, added.body.requestid, ['pinned', 'failed'])
    expect(done.status).toBe('pinned')
    expect(done.info).toMatchObject({ blocks: String((await dagBlocks(holder, cid)).length) })
    expect(Number(done.info.bytes)).toBeGreaterThan(data.length)
    await holder.stop()
    nodes.splice(nodes.indexOf(holder), 1)
    expect((await catBytes(service, cid)).equals(data)).toBe(true)
    expect(await recursivePins(service)).toContain(cid.toString())
  })

  it('fails a CID nobody holds within the idle timeout, with a reason, and pins nothing', async () => {
    const service = await startCairn({ env: { CAIRN_PIN_IDLE_TIMEOUT_MS: '1000' } })
    nodes.push(service)
    const cid = CID.createV1(raw.code, await sha256.digest(randomBytes(64)))
    const started = Date.now()
    const added = await psa(service, 'POST', '/pins', { body: { cid: cid.toString(), origins: ['/ip4/192.0.2.1/tcp/4001/p2p/12D3KooWGRUVh6ZZZ9EPnU4bx2u2HZhXQZpR4L4VJ2oTiz6mJrL1'] } })
    const failed = await waitForStatus(service, added.body.requestid, ['failed', 'pinned'], 8000)
    expect(failed.status).toBe('failed')
    expect(Date.now() - started).toBeLessThan(6000)
    expect(failed.info.status_details).toMatch(/not found .* within 1000 ms/)
    expect(await recursivePins(service)).not.toContain(cid.toString())
    const listed = await psa(service, 'GET', '/pins', { query: { status: 'failed' } })
    expect(listed.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([added.body.requestid])
    expect((await psa(service, 'GET', '/pins')).body.count).toBe(0)
    // asked for by CID, a request is found whatever its status
    const byCid = await psa(service, 'GET', '/pins', { query: { cid: cid.toString() } })
    expect(byCid.body.results.map((r: { status: string }) => r.status)).toEqual(['failed'])
  })

  it('runs at most CAIRN_PIN_CONCURRENCY requests at once; the others wait queued, with their place in line', async () => {
    const service = await startCairn({ env: { CAIRN_PIN_CONCURRENCY: '1', CAIRN_PIN_IDLE_TIMEOUT_MS: '1500' } })
    nodes.push(service)
    const cids = await Promise.all([1, 2, 3].map(async () => CID.createV1(raw.code, await sha256.digest(randomBytes(32))).toString()))
    const ids: string[] = []
    for (const cid of cids) {
      ids.push((await psa(service, 'POST', '/pins', { body: { cid } })).body.requestid)
    }
    const [first, second, third] = await Promise.all(ids.map(async id => (await psa(service, 'GET', `/pins/${id}`)).body))
    expect(first.status).toBe('pinning')
    expect(second).toMatchObject({ status: 'queued', info: { status_details: 'queue position: 1 of 2' } })
    expect(third).toMatchObject({ status: 'queued', info: { status_details: 'queue position: 2 of 2' } })
    // one after the other, each failing on its own idle timeout
    for (const id of ids) {
      expect((await waitForStatus(service, id, ['failed'], 6000)).status).toBe('failed')
    }
  })

  it('resumes a request that was pinning when the node stopped', async () => {
    const holder = await startCairn()
    nodes.push(holder)
    const data = randomBytes(3 * CHUNK)
    const { cid } = await holder.kubo.add(data)
    const dataDir = await tempDataDir()
    // no peers yet: the request waits on the network until the node stops
    let service = await startCairn({ dataDir, env: { CAIRN_PIN_IDLE_TIMEOUT_MS: '60000' } })
    const added = await psa(service, 'POST', '/pins', { body: { cid: cid.toString(), name: 'resume me' } })
    await waitForStatus(service, added.body.requestid, ['pinning'])
    await service.stop()

    service = await startCairn({ dataDir, env: { CAIRN_PEERS: holder.peerAddress } })
    nodes.push(service)
    const done = await waitForStatus(service, added.body.requestid, ['pinned', 'failed'])
    expect(done).toMatchObject({ status: 'pinned', created: added.body.created, pin: { cid: cid.toString(), name: 'resume me' } })
    expect((await catBytes(service, cid)).equals(data)).toBe(true)
  })

  it('replaces a pin: the new CID is pinned before the old one goes, shared blocks stay', async () => {
    const service = await startCairn()
    nodes.push(service)
    const shared = randomBytes(4 * CHUNK)
    const v1 = await service.kubo.add(Buffer.concat([shared, Buffer.from('v1')]), { pin: false })
    const v2 = await service.kubo.add(Buffer.concat([shared, Buffer.from('version 2')]), { pin: false })
    const first = await psa(service, 'POST', '/pins', { body: { cid: v1.cid.toString(), name: 'site', meta: { rev: '1' } } })
    await waitForStatus(service, first.body.requestid, ['pinned'])

    const replaced = await psa(service, 'POST', `/pins/${first.body.requestid}`, { body: { cid: v2.cid.toString(), name: 'site', meta: { rev: '2' } } })
    expect(replaced.status).toBe(202)
    expect(replaced.body.requestid).not.toBe(first.body.requestid)
    expect(replaced.body.pin).toMatchObject({ cid: v2.cid.toString(), meta: { rev: '2' } })
    expect((await psa(service, 'GET', `/pins/${first.body.requestid}`)).status).toBe(404)
    await waitForStatus(service, replaced.body.requestid, ['pinned'])

    const pins = await recursivePins(service)
    expect(pins).toContain(v2.cid.toString())
    expect(pins).not.toContain(v1.cid.toString())
    // garbage collection takes what only v1 held, never the blocks v2 shares
    await Array.fromAsync(service.kubo.repo.gc())
    for (const block of await dagBlocks(service, v2.cid)) {
      expect(await service.service.node.helia.blockstore.has(block)).toBe(true)
    }
    expect(await service.service.node.helia.blockstore.has(v1.cid)).toBe(false)
  })
})
