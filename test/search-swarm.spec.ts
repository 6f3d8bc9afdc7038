import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stopAll } from './fixtures/cairn.ts'
import { addFolder, indexed, pinAdd, search } from './fixtures/search.ts'
import { idOf, lineEdges, searchEvents, shape, startLine, until } from './fixtures/search-swarm.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const LINE = lineEdges(5)
const FILE = 'heliostat-notes.txt'
const CONTENT = 'how mirrors follow the sun'

describe('search across five nodes in a line, 1–2–3–4–5', () => {
  let nodes: TestCairn[] = []
  let n1: TestCairn
  let n5: TestCairn
  let root: string

  beforeAll(async () => {
    nodes = await startLine(5)
    n1 = nodes[0] as TestCairn
    n5 = nodes[4] as TestCairn
    await shape(nodes, LINE)
    root = await addFolder(n5, { [FILE]: CONTENT, 'index.html': '<h1>mirrors</h1>' })
    expect((await pinAdd(n5, root, { name: 'sunlit archive', public: 'true', keywords: 'concentrated,thermal' })).status).toBe(200)
    const secret = await addFolder(n5, { 'heliostat-budget.txt': 'private numbers' })
    expect((await pinAdd(n5, secret, { name: 'secret heliostat ledger' })).status).toBe(200)
    await indexed(n5)
    // the term records (and the root) are announced through the DHT before anyone searches
    await until(() => {
      const { pending, inFlight, provided } = n5.service.node.providing.status()
      return pending === 0 && inFlight === 0 && provided > 5
    }, 30_000, 'node 5 announced its terms')
  }, 120_000)

  afterAll(async () => { await stopAll(nodes) })

  it('floods: found from node 1 with hops 4, not with hops 2', async () => {
    await shape(nodes, LINE)
    expect(await search(n1, { q: 'heliostat', hops: '2', via: 'flood', timeout: '3000' })).toEqual([])

    const started = Date.now()
    const found = await search(n1, { q: 'heliostat', hops: '4', via: 'flood', timeout: '3000' })
    // the stream ends once every peer has said it is done, not at the deadline
    expect(Date.now() - started).toBeLessThan(2500)
    expect(found.map(r => [r.path, r.peer.id, r.via])).toEqual([[FILE, idOf(n5), { hops: 4 }]])
    expect(found[0]).toMatchObject({ root, name: 'sunlit archive', size: CONTENT.length })
    expect(found[0]?.peer.addrs.length).toBeGreaterThan(0)
    // the flood ran on the line and made no shortcut of its own
    await shape(nodes, LINE)
  })

  it('finds past the hop limit through term records: hops 2 reaches node 5 by the routing', async () => {
    await shape(nodes, LINE)
    const found = await search(n1, { q: 'thermal', hops: '2', timeout: '5000' })
    expect(found.map(r => [r.cid, r.peer.id, r.via])).toEqual([[root, idOf(n5), 'routing']])
  })

  it('never finds a private pin, nor announces its words', async () => {
    await shape(nodes, LINE)
    const everything = await search(n1, { q: 'heliostat', hops: '6', timeout: '4000' })
    expect(everything.map(r => r.root)).toEqual([root])
    expect(await search(n1, { q: 'ledger', hops: '6', timeout: '3000' })).toEqual([])
    expect(await search(n5, { q: 'budget' })).toEqual([])
  })

  it('serves a result\'s CID through node 1\'s gateway, fetched from node 5', async () => {
    await shape(nodes, LINE)
    const [hit] = await search(n1, { q: 'concentrated', hops: '4', limit: '1' })
    expect(hit?.cid).toBe(root)
    expect(await n1.service.node.localBlocks.has(CID.parse(root))).toBe(false)
    const res = await fetch(`${n1.gatewayUrl}/ipfs/${hit?.cid ?? ''}/${FILE}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(CONTENT)
  })

  it('answers each result once in a ring', async () => {
    // 1–2–3–4–5–1: from node 2 a query reaches node 5 by two paths (2–1–5 and 2–3–4–5)
    const ring: Array<[number, number]> = [...LINE, [4, 0]]
    await shape(nodes, ring)
    const n2 = nodes[1] as TestCairn
    const count = async (event: string): Promise<number> => (await Promise.all(nodes.map(async node => searchEvents(node, event)))).reduce((a, b) => a + b, 0)
    const duplicates = await count('duplicate')
    const answered = await count('answered')
    const found = await search(n2, { q: 'heliostat', hops: '3', via: 'flood', timeout: '3000' })
    expect(found.map(r => [r.path, r.via])).toEqual([[FILE, { hops: 2 }]])
    // the four other nodes are all within 3 hops: each answered once, and the ring brought the query back at least once
    expect(await count('answered') - answered).toBe(4)
    expect(await count('duplicate') - duplicates).toBeGreaterThanOrEqual(1)
  })
})
