import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { unixfs } from '@helia/unixfs'
import * as dagPb from '@ipld/dag-pb'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { startPlainHelia } from './fixtures/plain-helia.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { CID } from 'multiformats/cid'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

type PlainHelia = Awaited<ReturnType<typeof startPlainHelia>>

const BLOCK = 256 * 1024

async function collect (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  return Buffer.concat(await Array.fromAsync(source))
}

async function get (url: string): Promise<{ status: number, body: Buffer }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) })
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) }
}

/**
 * A loopback HTTP server that pretends to be a peer's gateway: it fetches the
 * real CAR from `upstream` and flips one byte near its end, inside the last
 * block's data, so that block's hash no longer matches its CID.
 */
async function corruptingGateway (upstream: string): Promise<{ url: string, requests: string[], server: Server }> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    void (async () => {
      const real = await fetch(`${upstream}${req.url ?? ''}`, { headers: { accept: req.headers.accept ?? '', 'cache-control': 'only-if-cached' } })
      const body = Buffer.from(await real.arrayBuffer())
      if (body.length > 200) {
        body[body.length - 100] = (body[body.length - 100] ?? 0) ^ 0xff
      }
      res.writeHead(real.status, { 'content-type': real.headers.get('content-type') ?? 'application/octet-stream' })
      res.end(body)
    })().catch(() => { res.destroy() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server }
}

describe('fetching DAGs from Cairn peers\' gateways', () => {
  let nodes: TestCairn[] = []
  let helia: PlainHelia | undefined
  let server: Server | undefined

  afterEach(async () => {
    await stopAll(nodes)
    await helia?.stop()
    server?.close()
    server?.closeAllConnections()
    nodes = []
    helia = undefined
    server = undefined
  })

  it('B serves a multi-block file only A holds, every block from A\'s gateway as a verified CAR', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const bytes = randomBytes(12 * BLOCK + 1000)
    const added = await a.kubo.add(bytes)
    expect(await b.service.node.helia.blockstore.has(added.cid)).toBe(false)

    const { status, body } = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(status).toBe(200)
    expect(Buffer.compare(body, bytes)).toBe(0)
    const stats = b.service.node.peerFetch?.stats
    // the root, 13 leaves
    expect(stats).toMatchObject({ cars: 1, blocks: 14, rejected: 0 })
    expect(stats?.bytes).toBeGreaterThan(bytes.length)
    // stored as bitswap would have: B now serves it without A
    await a.stop()
    nodes = [b]
    const again = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}?format=car&dag-scope=all`)
    expect(again.status).toBe(200)
  })

  it('a CAR with dag-scope=all on B brings a whole directory from A in one CAR', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const files = [randomBytes(3 * BLOCK), randomBytes(2 * BLOCK + 5), randomBytes(100)]
    let root: CID | undefined
    for await (const entry of a.kubo.addAll(files.map((content, i) => ({ path: `dir/f${i}.bin`, content })), { wrapWithDirectory: false })) {
      if (entry.path === 'dir') {
        root = entry.cid
      }
    }
    const car = await get(`${b.gatewayUrl}/ipfs/${root?.toString() ?? ''}?format=car&dag-scope=all`)
    expect(car.status).toBe(200)
    const fromA = await get(`${a.gatewayUrl}/ipfs/${root?.toString() ?? ''}?format=car&dag-scope=all`)
    expect(Buffer.compare(car.body, fromA.body)).toBe(0)
    expect(b.service.node.peerFetch?.stats).toMatchObject({ cars: 1, rejected: 0 })
    for (const [i, content] of files.entries()) {
      const file = await get(`${b.gatewayUrl}/ipfs/${root?.toString() ?? ''}/f${i}.bin`)
      expect(Buffer.compare(file.body, content)).toBe(0)
    }
  })

  it('a range read does not pull a whole large file: the CAR pauses a bounded way ahead of the reader', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const bytes = randomBytes(48 * 1024 * 1024)
    const added = await a.kubo.add(bytes)
    const res = await fetch(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`, { headers: { range: 'bytes=0-1023' }, signal: AbortSignal.timeout(20_000) })
    expect(res.status).toBe(206)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes.subarray(0, 1024))).toBe(0)
    // the fetch ends when nobody asks for more (half the 3 s retrieval timeout of the test nodes)
    await new Promise(resolve => setTimeout(resolve, 2500))
    const fetched = b.service.node.peerFetch?.stats.bytes ?? 0
    expect(fetched).toBeGreaterThan(0)
    expect(fetched).toBeLessThan(40 * 1024 * 1024)
    // what is still missing comes on the next read
    const whole = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(Buffer.compare(whole.body, bytes)).toBe(0)
  })

  it('a gateway that sends a corrupted block does not poison B: the block is refused and fetched again over bitswap', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const bytes = randomBytes(6 * BLOCK)
    const added = await a.kubo.add(bytes)
    const fake = await corruptingGateway(a.gatewayUrl)
    server = fake.server
    // A now tells peers that its gateway is the corrupting one (on loopback, so the address rules let it through)
    a.service.node.peerFetch?.setGateway(fake.url)

    const { status, body } = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(status).toBe(200)
    expect(Buffer.compare(body, bytes)).toBe(0)
    expect(fake.requests).toHaveLength(1)
    // the root and the first five leaves were good; the sixth was refused
    expect(b.service.node.peerFetch?.stats).toMatchObject({ cars: 1, blocks: 6, rejected: 1 })
    const last = dagPb.decode(await collect(b.service.node.helia.blockstore.get(added.cid))).Links.at(-1)?.Hash
    expect(last).toBeDefined()
    const stored = await collect(b.service.node.helia.blockstore.get(last as CID))
    expect(createHash('sha256').update(stored).digest().equals(Buffer.from((last as CID).multihash.digest))).toBe(true)
  })

  it('a peer gateway announced outside the allowed hosts is never asked; bitswap serves instead', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const bytes = randomBytes(3 * BLOCK)
    const added = await a.kubo.add(bytes)
    // cloud metadata's link-local address: a peer must never make B send requests there
    a.service.node.peerFetch?.setGateway('http://169.254.169.254:80')

    const { status, body } = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(status).toBe(200)
    expect(Buffer.compare(body, bytes)).toBe(0)
    expect(b.service.node.peerFetch?.stats).toMatchObject({ cars: 0, blocks: 0 })
  })

  it('a plain Helia peer, which has no gateway, still serves B over bitswap', async () => {
    helia = await startPlainHelia()
    const b = await startCairn({ env: { CAIRN_PEERS: helia.libp2p.getMultiaddrs()[0]?.toString() ?? '' } })
    nodes = [b]
    const bytes = randomBytes(5 * BLOCK)
    const cid = await unixfs(helia).addBytes(bytes)

    const { status, body } = await get(`${b.gatewayUrl}/ipfs/${cid.toString()}`)
    expect(status).toBe(200)
    expect(Buffer.compare(body, bytes)).toBe(0)
    expect(b.service.node.peerFetch?.stats).toMatchObject({ cars: 0, blocks: 0 })
  })

  it('with CAIRN_PEER_GATEWAYS=false a node fetches over bitswap only', async () => {
    const a = await startCairn()
    nodes = [a]
    const b = await startCairn({ env: { CAIRN_PEERS: a.peerAddress, CAIRN_PEER_GATEWAYS: 'false' } })
    nodes.push(b)
    const bytes = randomBytes(2 * BLOCK)
    const added = await a.kubo.add(bytes)
    const { body } = await get(`${b.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(Buffer.compare(body, bytes)).toBe(0)
    expect(b.service.node.peerFetch).toBeUndefined()
    expect(a.service.node.peerFetch?.stats.cars).toBe(0)
  })
})

describe('pinning a DAG a Cairn peer holds', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('B pins a directory only A holds from one CAR of A\'s gateway, and then holds every block', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const files = [randomBytes(3 * BLOCK + 7), randomBytes(BLOCK + 1), randomBytes(10)]
    let root: CID | undefined
    for await (const entry of a.kubo.addAll(files.map((content, i) => ({ path: `dir/f${i}.bin`, content })))) {
      if (entry.path === 'dir') {
        root = entry.cid
      }
    }
    expect(root).toBeDefined()
    await b.kubo.pin.add(root as CID, { signal: AbortSignal.timeout(20_000) })
    // the directory, three file roots (one a single raw block), four + two leaves
    expect(b.service.node.peerFetch?.stats).toMatchObject({ cars: 1, rejected: 0 })
    expect(b.service.node.peerFetch?.stats.blocks).toBeGreaterThanOrEqual(8)
    await a.stop()
    nodes = [b]
    for (const [i, content] of files.entries()) {
      const res = await fetch(`${b.gatewayUrl}/ipfs/${root?.toString() ?? ''}/f${i}.bin`, { headers: { 'cache-control': 'only-if-cached' } })
      expect(res.status).toBe(200)
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), content)).toBe(0)
    }
  })
})
