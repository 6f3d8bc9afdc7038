import { randomBytes } from 'node:crypto'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { blake2b256 } from '@multiformats/blake2/blake2b'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { carV1 } from './fixtures/car.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Answers a Kubo client takes for granted, each once wrong in Cairn. */
describe('Kubo RPC answers', () => {
  let cairn: TestCairn
  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  it('gives a single-block file with mode and mtime a dag-pb root even with raw leaves, as js-ipfs and Kubo', async () => {
    const added = await cairn.kubo.add(
      { content: Uint8Array.from([0, 1, 2]), mode: 0o123, mtime: { secs: 1000n, nsecs: 0 } },
      { cidVersion: 1, rawLeaves: true }
    )
    expect(added.cid.toString()).toBe('bafybeifmayxiu375ftlgydntjtffy5cssptjvxqw6vyuvtymntm37mpvua')
    expect(added.size).toBe(18)
    const plain = await cairn.kubo.add(Uint8Array.from([0, 1, 2]), { cidVersion: 1, rawLeaves: true })
    expect(plain.cid.toString()).toBe('bafkreifojmzibzlof6xyh5auu3r5vpu5l67brf3fitaf73isdlglqw2t7q')
  })

  it('reports progress for an empty file: one line with Bytes 0', async () => {
    const form = new FormData()
    form.append('file', new Blob([]), 'empty.txt')
    const res = await fetch(`${cairn.apiUrl}/api/v0/add?progress=true`, { method: 'POST', headers: cairn.auth, body: form })
    const lines = (await res.text()).trim().split('\n').map(line => JSON.parse(line))
    expect(lines[0]).toEqual({ Name: 'empty.txt', Bytes: 0 })
    expect(lines.at(-1)).toMatchObject({ Name: 'empty.txt', Hash: 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH' })
    const seen: Array<[number, string | undefined]> = []
    await cairn.kubo.add({ path: 'again.txt', content: new Uint8Array() }, { progress: (bytes, path) => { seen.push([bytes, path]) } })
    expect(seen).toEqual([[0, 'again.txt']])
  })

  it('lists mode and mtime in ls, zero when an entry stores none', async () => {
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'meta/kept.sh', content: new TextEncoder().encode('#!/bin/sh'), mode: 0o4755, mtime: { secs: 1_700_000_000n, nsecs: 500_000_000 } },
      { path: 'meta/plain.txt', content: new TextEncoder().encode('plain') }
    ]))
    const dir = added.find(entry => entry.path === 'meta')!.cid
    const res = await fetch(`${cairn.apiUrl}/api/v0/ls?arg=${dir.toString()}`, { method: 'POST', headers: cairn.auth })
    const links = (await res.json()).Objects[0].Links
    expect(links.map((link: any) => [link.Name, link.Mode, link.ModTime])).toEqual([
      // Go's os.FileMode: setuid is bit 23
      ['kept.sh', 0o755 + 2 ** 23, '2023-11-14T22:13:20.5Z'],
      ['plain.txt', 0, '0001-01-01T00:00:00Z']
    ])
  })

  it('gets a block put as CIDv0 by its CIDv1 and by a raw CID of the same multihash', async () => {
    const bytes = new TextEncoder().encode(`TEST${Math.random()}`)
    const v0 = await cairn.kubo.block.put(bytes, { format: 'v0' })
    expect(v0.version).toBe(0)
    expect(Buffer.from(await cairn.kubo.block.get(v0.toV1())).toString()).toBe(Buffer.from(bytes).toString())
    const asRaw = CID.createV1(raw.code, v0.multihash)
    expect((await cairn.kubo.block.stat(asRaw)).size).toBe(bytes.byteLength)
  })

  it('reports each root of a CAR that holds no blocks, with Kubo\'s pin error', async () => {
    // blake2b-256 roots, as Filecoin's naked-roots CARs have
    const roots = await Promise.all([1, 2].map(async () => CID.createV1(dagCbor.code, await blake2b256.digest(randomBytes(8)))))
    const results = await Array.fromAsync(cairn.kubo.dag.import([await carV1(roots, [])]))
    expect(results.map(r => r.root.cid.toString())).toEqual(roots.map(String))
    for (const result of results) {
      expect(result.root.pinErrorMsg).toContain(`ipld: could not find ${result.root.cid.toString()}`)
    }
  })
})
