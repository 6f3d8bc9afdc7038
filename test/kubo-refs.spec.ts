import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('refs and refs/local', () => {
  let cairn: TestCairn
  /** site/{a.txt, b.txt} hold the same bytes (one block, two links); site/sub/c.txt another. */
  let root: string
  let same: string
  let sub: string
  let c: string
  beforeAll(async () => {
    cairn = await startCairn()
    const text = (s: string) => new TextEncoder().encode(s)
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'site/a.txt', content: text('same') },
      { path: 'site/b.txt', content: text('same') },
      { path: 'site/sub/c.txt', content: text('c') }
    ]))
    const cidOf = (path: string) => added.find(entry => entry.path === path)!.cid.toString()
    ;[root, same, sub, c] = [cidOf('site'), cidOf('site/a.txt'), cidOf('site/sub'), cidOf('site/sub/c.txt')]
  })
  afterAll(async () => { await cairn.stop() })

  const refs = async (args: string | string[], options: Record<string, unknown> = {}): Promise<string[]> =>
    (await Array.fromAsync(cairn.kubo.refs(args, options))).map(line => {
      expect(line.err).toBe('')
      return line.ref
    })

  it('lists the root\'s own links in link order, a block once per link unless unique', async () => {
    expect(await refs(root)).toEqual([same, same, sub])
    expect(await refs(root, { unique: true })).toEqual([same, sub])
  })

  it('walks recursively, depth-first, to a maximum depth', async () => {
    expect(await refs(root, { recursive: true })).toEqual([same, same, sub, c])
    expect(await refs(root, { recursive: true, maxDepth: 1 })).toEqual([same, same, sub])
    expect(await refs(root, { recursive: true, maxDepth: 0 })).toEqual([])
    expect(await refs(`/ipfs/${root}/sub`, { recursive: true })).toEqual([c])
  })

  it('writes edges and formats with link names', async () => {
    expect(await refs(root, { recursive: true, unique: true, edges: true })).toEqual([`${root} -> ${same}`, `${root} -> ${sub}`, `${sub} -> ${c}`])
    expect(await refs(root, { format: '<linkname>: <dst>' })).toEqual([`a.txt: ${same}`, `b.txt: ${same}`, `sub: ${sub}`])
    const res = await fetch(`${cairn.apiUrl}/api/v0/refs?arg=${root}&edges=true&format=<src>`, { method: 'POST', headers: cairn.auth })
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toBe('using format argument with edges is not allowed')
  })

  it('writes CIDs in cid-base', async () => {
    expect(await refs(root, { cidBase: 'base32', unique: true })).toEqual([same, sub].map(cid => CID.parse(cid).toV1().toString()))
  })

  it('takes several paths, one after the other', async () => {
    expect(await refs([sub, root], { unique: true })).toEqual([c, same, sub])
  })

  it('follows the links of dag-cbor nodes, named by their path', async () => {
    const node = await cairn.kubo.dag.put({ first: CID.parse(same), list: [CID.parse(c), CID.parse(sub)], note: 'x' })
    // in the order of the encoded map: dag-cbor puts shorter keys first
    expect(await refs(node.toString())).toEqual([c, sub, same])
    expect(await refs(node.toString(), { format: '<linkname>' })).toEqual(['list/0', 'list/1', 'first'])
    expect(await refs(node.toString(), { recursive: true, unique: true })).toEqual([c, sub, same])
  })

  it('reports a walk that fails as an Err line, in Kubo\'s words', async () => {
    const missing = CID.createV1(raw.code, await sha256.digest(randomBytes(8)))
    const node = await cairn.kubo.dag.put({ gone: missing })
    const res = await fetch(`${cairn.apiUrl}/api/v0/refs?arg=${node.toString()}&arg=${sub}&timeout=300ms`, { method: 'POST', headers: cairn.auth })
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n').map(line => JSON.parse(line))
    expect(lines).toEqual([{ Ref: '', Err: 'context deadline exceeded' }, { Ref: '', Err: 'context deadline exceeded' }])
  })

  it('lists every local block as a raw CIDv1 of its multihash', async () => {
    const local = (await Array.fromAsync(cairn.kubo.refs.local())).map(line => line.ref)
    for (const cid of [root, same, sub, c]) {
      expect(local).toContain(CID.createV1(raw.code, CID.parse(cid).multihash).toString())
    }
  })
})
