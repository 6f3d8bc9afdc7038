import { gunzipSync } from 'node:zlib'
import { extract } from 'it-tar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const enc = new TextEncoder()

async function untar (bytes: Uint8Array): Promise<Map<string, string | null>> {
  const files = new Map<string, string | null>()
  for await (const entry of extract()([bytes])) {
    const body = Buffer.concat(await Array.fromAsync(entry.body))
    files.set(entry.header.name, entry.header.type === 'directory' ? null : body.toString())
  }
  return files
}

describe('get and ls', () => {
  let cairn: TestCairn
  let root: string
  let file: string

  beforeAll(async () => {
    cairn = await startCairn()
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'docs/readme.md', content: enc.encode('# readme') },
      { path: 'docs/img/logo.svg', content: enc.encode('<svg/>') },
      { path: 'docs/big.bin', content: new Uint8Array(700_000).fill(7) }
    ], { cidVersion: 1 }))
    root = added.at(-1)?.cid.toString() ?? ''
    file = added.find(a => a.path === 'docs/readme.md')?.cid.toString() ?? ''
  })
  afterAll(async () => { await cairn.stop() })

  it('gets a tree as a tar with the root named after the CID', async () => {
    const tar = Buffer.concat(await Array.fromAsync(cairn.kubo.get(root)))
    const files = await untar(tar)
    expect([...files.keys()].toSorted()).toEqual([root, `${root}/big.bin`, `${root}/img`, `${root}/img/logo.svg`, `${root}/readme.md`])
    expect(files.get(`${root}/readme.md`)).toBe('# readme')
    expect(files.get(`${root}/big.bin`)?.length).toBe(700_000)
  })

  it('gets a path inside a tree, gzipped when asked', async () => {
    const gz = Buffer.concat(await Array.fromAsync(cairn.kubo.get(`/ipfs/${root}/img`, { compress: true, archive: true })))
    const files = await untar(gunzipSync(gz))
    expect(files.get('img/logo.svg')).toBe('<svg/>')
    const plain = Buffer.concat(await Array.fromAsync(cairn.kubo.get(`${root}/readme.md`, { compress: true })))
    expect(gunzipSync(plain).toString()).toBe('# readme')
  })

  it('lists a directory with names, CIDs, sizes and types', async () => {
    const entries = await Array.fromAsync(cairn.kubo.ls(root))
    expect(entries.map(e => [e.name, e.type, e.size])).toEqual([
      ['big.bin', 'file', 700_000],
      ['img', 'dir', 0],
      ['readme.md', 'file', 8]
    ])
    expect(entries.find(e => e.name === 'readme.md')?.cid.toString()).toBe(file)
    const streamed = await Array.fromAsync(cairn.kubo.ls(`${root}/img`, { stream: true } as never))
    expect(streamed.map(e => e.name)).toEqual(['logo.svg'])
  })

  it('answers 404 for a path that is not in the tree', async () => {
    const res = await fetch(`${cairn.apiUrl}/api/v0/ls?arg=${root}/nope`, { method: 'POST', headers: cairn.auth })
    expect(res.status).toBe(404)
    expect((await res.json()).Message).toMatch(/^no link named "nope" under /)
  })
})
