import type { CID } from 'multiformats/cid'
import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('resolve, dag/stat, repo/version and stats/repo', () => {
  let cairn: TestCairn
  let root: CID
  let about: CID
  let page: CID
  beforeAll(async () => {
    cairn = await startCairn()
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'site/index.html', content: new TextEncoder().encode('<h1>home</h1>') },
      { path: 'site/about/index.html', content: new TextEncoder().encode('<h1>about</h1>') }
    ]))
    root = added.find(entry => entry.path === 'site')!.cid
    about = added.find(entry => entry.path === 'site/about')!.cid
    page = added.find(entry => entry.path === 'site/about/index.html')!.cid
  })
  afterAll(async () => { await cairn.stop() })

  const post = async (command: string, query: string): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/${command}?${query}`, { method: 'POST', headers: cairn.auth })

  it('resolves an /ipfs/ path through UnixFS names to its last block', async () => {
    expect(await cairn.kubo.resolve(`/ipfs/${root.toString()}/about/index.html`)).toBe(`/ipfs/${page.toString()}`)
    expect(await cairn.kubo.resolve(root.toString())).toBe(`/ipfs/${root.toString()}`)
    await expect(cairn.kubo.resolve(`/ipfs/${root.toString()}/nope`)).rejects.toThrow(`no link named "nope" under ${root.toString()}`)
  })

  it('writes CIDs in the base the request used, or in cid-base', async () => {
    const v1 = root.toV1().toString(base36)
    expect(await cairn.kubo.resolve(`/ipfs/${v1}/about/index.html`)).toBe(`/ipfs/${page.toV1().toString(base36)}`)
    expect(await cairn.kubo.resolve(`/ipfs/${root.toString()}/about/index.html`, { cidBase: 'base32' })).toBe(`/ipfs/${page.toV1().toString(base32)}`)
  })

  it('keeps what is left of a path inside a dag-cbor node', async () => {
    const node = await cairn.kubo.dag.put({ site: root, meta: { title: 'hi' } })
    // the request named a CIDv1 (base32), so the CIDv0 it ends at is written as one
    expect(await cairn.kubo.resolve(`/ipfs/${node.toString()}/site/about`)).toBe(`/ipfs/${about.toV1().toString(base32)}`)
    expect(await cairn.kubo.resolve(`/ipfs/${node.toString()}/meta/title`)).toBe(`/ipfs/${node.toString()}/meta/title`)
  })

  it('resolves an /ipns/ name recursively, or one step without recursive', async () => {
    const inner = await cairn.kubo.key.gen('inner')
    const outer = await cairn.kubo.key.gen('outer')
    await cairn.kubo.name.publish(`/ipfs/${root.toString()}`, { key: 'inner', allowOffline: true })
    await cairn.kubo.name.publish(`/ipns/${inner.id}`, { key: 'outer', allowOffline: true })
    expect(await cairn.kubo.resolve(`/ipns/${outer.id}/about/index.html`)).toBe(`/ipfs/${page.toString()}`)
    expect(await cairn.kubo.resolve(`/ipns/${outer.id}`, { recursive: false })).toBe(`/ipns/${inner.id}`)
  })

  it('gives a DAG\'s size and block count, a shared block counted once across DAGs', async () => {
    const blocks = await Promise.all([root, page].map(async cid => Buffer.concat(await Array.fromAsync(cairn.service.node.helia.blockstore.get(cid)))))
    const res = await post('dag/stat', `arg=${root.toString()}&arg=${page.toString()}&progress=false`)
    const lines = (await res.text()).trim().split('\n').map(line => JSON.parse(line))
    expect(lines).toHaveLength(1)
    const [summary] = lines
    // site, index.html, about, about/index.html
    expect(summary.DagStats[0]).toMatchObject({ Cid: root.toString(), NumBlocks: 4 })
    expect(summary.DagStats[1]).toEqual({ Cid: page.toString(), Size: blocks[1]!.byteLength, NumBlocks: 1 })
    expect(summary.UniqueBlocks).toBe(4)
    expect(summary.SharedSize).toBe(blocks[1]!.byteLength)
    expect(summary.TotalSize).toBe(summary.DagStats[0].Size)
    expect(summary.Ratio).toBeCloseTo((summary.TotalSize + summary.SharedSize) / summary.TotalSize, 5)
  })

  it('streams the running dag/stat summary by default, the ratio only in the last line', async () => {
    const lines = (await (await post('dag/stat', `arg=${root.toString()}`)).text()).trim().split('\n').map(line => JSON.parse(line))
    expect(lines.map(line => line.DagStats[0].NumBlocks)).toEqual([1, 2, 3, 4, 4])
    expect(lines.slice(0, -1).every(line => line.Ratio === undefined)).toBe(true)
    expect(lines.at(-1).Ratio).toBe(1)
  })

  it('answers repo/version and stats/repo as Kubo', async () => {
    expect(await cairn.kubo.repo.version()).toBe('18')
    const [viaStats, viaRepo] = await Promise.all([post('stats/repo', ''), post('repo/stat', '')].map(async p => (await p).json()))
    expect(Object.keys(viaStats)).toEqual(['RepoSize', 'StorageMax', 'NumObjects', 'RepoPath', 'Version'])
    expect(viaStats.NumObjects).toBe(viaRepo.NumObjects)
    expect((await cairn.kubo.stats.repo()).numObjects).toBe(BigInt(viaRepo.NumObjects))
  })
})
