import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keptDataDirs, startCairn } from './fixtures/cairn.ts'
import { addFolder, indexed, pinAdd, search, searchRaw } from './fixtures/search.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const SITE = {
  'index.html': '<h1>Solar atlas</h1>',
  'charts/photovoltaic-europe.png': 'png bytes',
  'charts/deep/er/still/hidden-solstice.txt': 'deep'
}

describe('the search catalog: what a node makes findable', () => {
  let cairn: TestCairn
  const dirs = keptDataDirs()

  beforeEach(async () => { cairn = await startCairn({ dataDir: await dirs.make(), env: { CAIRN_SEARCH_INDEX_DEPTH: '2' } }) })
  afterEach(async () => {
    await cairn.stop()
    await dirs.removeAll()
  })

  it('lists a public pin by its name, description, keywords and file names, to the configured depth', async () => {
    const root = await addFolder(cairn, SITE)
    expect((await pinAdd(cairn, root, { name: 'atlas', public: 'true', description: 'Maps of sunshine', keywords: 'renewables,energy' })).status).toBe(200)
    await indexed(cairn)

    for (const q of ['atlas', 'sunshine', 'renewables', 'RENEWABLE']) {
      const lines = await search(cairn, { q })
      expect(lines.map(l => [l.cid, l.path, l.via]), q).toEqual([[root, '', 'local']])
      expect(lines[0]).toMatchObject({ root, name: 'atlas', peer: { id: cairn.service.node.helia.libp2p.peerId.toString() } })
    }
    const file = await search(cairn, { q: 'photovoltaic' })
    expect(file.map(l => l.path)).toEqual(['charts/photovoltaic-europe.png'])
    expect(file[0]?.size).toBe('png bytes'.length)
    const folder = await search(cairn, { q: 'charts' })
    expect(folder.map(l => l.path)).toEqual(['charts'])
    // below depth 2: not listed
    expect(await search(cairn, { q: 'solstice' })).toEqual([])
    // every term must match
    expect(await search(cairn, { q: 'photovoltaic atlas' })).toEqual([])
  })

  it('lists nothing of a private pin, and unmarking or unpinning takes a pin out at once', async () => {
    const secret = await addFolder(cairn, { 'diary-solar.txt': 'private' })
    await pinAdd(cairn, secret, { name: 'my solar diary' })
    await indexed(cairn)
    expect(await search(cairn, { q: 'solar' })).toEqual([])

    const open = await addFolder(cairn, { 'solar-notes.txt': 'public' })
    await pinAdd(cairn, open, { name: 'open notes', public: 'true' })
    await indexed(cairn)
    expect((await search(cairn, { q: 'solar' })).map(l => l.root)).toEqual([open])

    // no wait: unmarking answers once the catalog has dropped it
    await pinAdd(cairn, open, { public: 'false' })
    expect(await search(cairn, { q: 'solar' })).toEqual([])

    await pinAdd(cairn, open, { public: 'true' })
    await indexed(cairn)
    expect(await search(cairn, { q: 'notes' })).toHaveLength(2)
    await cairn.kubo.pin.rm(open)
    expect(await search(cairn, { q: 'notes' })).toEqual([])
  })

  it('keeps a pin public, under its new CID, through pin update', async () => {
    const before = await addFolder(cairn, { 'tide-tables.txt': 'v1' })
    const after = await addFolder(cairn, { 'tide-tables.txt': 'v2' })
    await pinAdd(cairn, before, { name: 'tides', public: 'true', keywords: 'ocean' })
    await indexed(cairn)
    const res = await fetch(`${cairn.apiUrl}/api/v0/pin/update?arg=${before}&arg=${after}`, { method: 'POST', headers: cairn.auth })
    expect(res.status).toBe(200)
    await indexed(cairn)
    expect((await search(cairn, { q: 'ocean' })).map(l => [l.root, l.name])).toEqual([[after, 'tides']])
  })

  it('takes the public flag, description and keywords from a Pinning Service request\'s meta', async () => {
    const root = await addFolder(cairn, { 'wind.txt': 'breeze' })
    const res = await fetch(`${cairn.apiUrl}/pins`, {
      method: 'POST',
      headers: { ...cairn.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ cid: root, name: 'turbines', meta: { public: 'true', keywords: 'windpower' } })
    })
    expect(res.status).toBe(202)
    await expect.poll(async () => (await search(cairn, { q: 'windpower' })).map(l => l.root)).toEqual([root])
    const bad = await fetch(`${cairn.apiUrl}/pins`, {
      method: 'POST',
      headers: { ...cairn.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ cid: root, meta: { public: 'true', description: 'x'.repeat(5000) } })
    })
    expect(bad.status).toBe(400)
  })

  it('survives a restart', async () => {
    const root = await addFolder(cairn, SITE)
    await pinAdd(cairn, root, { name: 'atlas', public: 'true' })
    await indexed(cairn)
    const { dataDir } = cairn
    await cairn.stop()
    cairn = await startCairn({ dataDir, env: { CAIRN_SEARCH_INDEX_DEPTH: '2' } })
    expect((await search(cairn, { q: 'photovoltaic' })).map(l => l.root)).toEqual([root])
    expect(cairn.service.node.search.status()).toMatchObject({ pins: 1, entries: 5 })
  })

  it('answers bad input with 400 and a JSON message', async () => {
    const cases: Array<Record<string, string>> = [{}, { q: '' }, { q: '!!' }, { q: 'solar', hops: '7' }, { q: 'solar', limit: '0' }, { q: 'solar', timeout: '1h' }, { q: 'solar', via: 'carrier-pigeon' }]
    for (const params of cases) {
      const res = await searchRaw(cairn, params)
      expect(res.status, JSON.stringify(params)).toBe(400)
      expect(await res.json()).toMatchObject({ error: { message: expect.any(String) } })
    }
    const keywords = await pinAdd(cairn, await addFolder(cairn, { a: 'b' }), { public: 'true', keywords: 'x'.repeat(100) })
    expect(keywords.status).toBe(400)
  })
})
