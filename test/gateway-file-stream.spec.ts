import { randomBytes } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSwarm, stopAll } from './fixtures/cairn.ts'
import { gateway } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const CHUNK = 1024

/** Adds `bytes` over the HTTP API with the given add options (chunker, leaves, layout) and returns the root. */
async function add (cairn: TestCairn, bytes: Buffer<ArrayBuffer>, query: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([bytes]), 'file.bin')
  const res = await fetch(`${cairn.apiUrl}/api/v0/add?${query}`, { method: 'POST', headers: cairn.auth, body: form })
  expect(res.status).toBe(200)
  return ((await res.json()) as { Hash: string }).Hash
}

async function body (cairn: TestCairn, path: string, range?: string): Promise<{ status: number, bytes: Buffer, headers: Headers }> {
  const res = await gateway(cairn, path, range == null ? {} : { headers: { range } })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers }
}

/** Ranges across leaf boundaries, inside one leaf, at both ends, and a suffix. */
function rangesOf (size: number): Array<[string, number, number]> {
  return [
    [`bytes=0-${CHUNK - 1}`, 0, CHUNK],
    [`bytes=${CHUNK - 10}-${CHUNK + 9}`, CHUNK - 10, CHUNK + 10],
    [`bytes=${3 * CHUNK + 17}-${3 * CHUNK + 20}`, 3 * CHUNK + 17, 3 * CHUNK + 21],
    [`bytes=${size - 5000}-`, size - 5000, size],
    ['bytes=-1', size - 1, size],
    [`bytes=${Math.floor(size / 3)}-${Math.floor(2 * size / 3)}`, Math.floor(size / 3), Math.floor(2 * size / 3) + 1]
  ]
}

// the gateway sends a UnixFS file by walking its DAG: every shape of file must come out byte for byte
describe('gateway: streaming multi-block UnixFS files', () => {
  let a: TestCairn
  let b: TestCairn
  // 210 leaves: more than one balanced-layout node (174 links) holds, so the DAG has an inner level
  const bytes = randomBytes(210 * CHUNK + 333)

  beforeAll(async () => { [a, b] = await startSwarm(2) as [TestCairn, TestCairn] })
  afterAll(async () => { await stopAll([a, b]) })

  for (const [shape, query] of [
    ['dag-pb leaves (CIDv0)', `chunker=size-${CHUNK}`],
    ['raw leaves (CIDv1)', `chunker=size-${CHUNK}&cid-version=1&raw-leaves=true`],
    ['the trickle layout', `chunker=size-${CHUNK}&cid-version=1&raw-leaves=true&trickle=true`]
  ] as const) {
    it(`sends a file with ${shape} whole and by ranges, byte-identical`, async () => {
      const root = await add(a, bytes, query)
      const whole = await body(a, `/ipfs/${root}`)
      expect(whole.status).toBe(200)
      expect(whole.headers.get('content-length')).toBe(String(bytes.byteLength))
      expect(whole.bytes.equals(bytes)).toBe(true)
      for (const [range, start, end] of rangesOf(bytes.byteLength)) {
        const part = await body(a, `/ipfs/${root}`, range)
        expect(part.status, range).toBe(206)
        expect(part.headers.get('content-range'), range).toBe(`bytes ${start}-${end - 1}/${bytes.byteLength}`)
        expect(part.bytes.equals(bytes.subarray(start, end)), range).toBe(true)
      }
    })
  }

  it('sends a chunk that repeats through a file at every place it appears', async () => {
    const repeated = Buffer.concat([Buffer.alloc(5 * CHUNK, 7), randomBytes(CHUNK), Buffer.alloc(3 * CHUNK, 7)])
    const root = await add(a, repeated, `chunker=size-${CHUNK}&cid-version=1&raw-leaves=true`)
    expect((await body(a, `/ipfs/${root}`)).bytes.equals(repeated)).toBe(true)
    const range = await body(a, `/ipfs/${root}`, `bytes=${4 * CHUNK}-${7 * CHUNK - 1}`)
    expect(range.bytes.equals(repeated.subarray(4 * CHUNK, 7 * CHUNK))).toBe(true)
  })

  it('sends a file node\'s own data before its children\'s', async () => {
    const own = Buffer.from('the root holds these bytes itself, ')
    const leaves = [Buffer.from('then its first child, '), Buffer.from('then its second.')]
    const links = []
    for (const leaf of leaves) {
      links.push({ Hash: (await a.kubo.block.put(leaf, { format: 'raw', mhtype: 'sha2-256', version: 1 })), Tsize: leaf.byteLength })
    }
    const unixfs = new UnixFS({ type: 'file', data: own, blockSizes: leaves.map(leaf => BigInt(leaf.byteLength)) })
    const node = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: links }))
    const root = await a.kubo.block.put(node, { format: 'dag-pb', mhtype: 'sha2-256', version: 1 })
    const expected = Buffer.concat([own, ...leaves])
    expect((await body(a, `/ipfs/${root.toString()}`)).bytes.toString()).toBe(expected.toString())
    expect((await body(a, `/ipfs/${root.toString()}`, 'bytes=30-40')).bytes.toString()).toBe(expected.subarray(30, 41).toString())
  })

  it('fetches from a peer a block missing in the middle of a file, and still sends it whole and by range', async () => {
    const query = `chunker=size-${CHUNK}&cid-version=1&raw-leaves=true`
    const root = await add(a, bytes, query)
    expect(await add(b, bytes, `${query}&pin=false`)).toBe(root)
    const links = dagPb.decode(await b.kubo.block.get(await firstInnerNode(b, root))).Links
    const hole = links[100]?.Hash ?? CID.parse(root)
    expect(hole.code).toBe(raw.code)
    await Array.fromAsync(b.kubo.block.rm(hole))
    expect(await b.service.node.localBlocks.has(hole)).toBe(false)

    const whole = await body(b, `/ipfs/${root}`)
    expect(whole.status).toBe(200)
    expect(whole.bytes.equals(bytes)).toBe(true)
    const range = await body(b, `/ipfs/${root}`, `bytes=${100 * CHUNK - 5}-${101 * CHUNK + 4}`)
    expect(range.bytes.equals(bytes.subarray(100 * CHUNK - 5, 101 * CHUNK + 5))).toBe(true)
  })
})

/** The first child of a balanced-layout root: the inner node that holds the first 174 leaves. */
async function firstInnerNode (cairn: TestCairn, root: string): Promise<CID> {
  const first = dagPb.decode(await cairn.kubo.block.get(CID.parse(root))).Links[0]?.Hash
  if (first == null) {
    throw new Error(`${root} has no links`)
  }
  return first
}
