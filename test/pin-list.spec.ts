import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

interface Listed { cid: string, name: string, type: string | null, status: string, created: string | null, size: number | null, requests: Array<{ requestid: string }> }
interface Page { pins: Listed[], next: string | null }

// one list of every pin, however it was made, paged by cursor (the console's Pins screen reads it)
describe('GET /api/v1/pins', () => {
  let cairn: TestCairn
  const list = async (query: string): Promise<Page> => {
    const res = await fetch(`${cairn.apiUrl}/api/v1/pins?${query}`, { headers: cairn.auth })
    expect(res.status).toBe(200)
    return await res.json() as Page
  }

  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  it('lists pins made by add, Kubo pin/add and the Pinning Service API, with name, size and created time', async () => {
    const added = await cairn.kubo.add('from add\n', { pin: true, cidVersion: 1 })
    const loose = await cairn.kubo.add('from pin add\n', { pin: false, cidVersion: 1 })
    await cairn.kubo.pin.add(loose.cid, { name: 'kubo-pin' })
    const viaPsa = await cairn.kubo.add('from the pinning service\n', { pin: false, cidVersion: 1 })
    const res = await fetch(`${cairn.apiUrl}/pins`, { method: 'POST', headers: { ...cairn.auth, 'content-type': 'application/json' }, body: JSON.stringify({ cid: viaPsa.cid.toString(), name: 'psa-pin' }) })
    expect(res.status).toBe(202)

    const { pins } = await list('limit=100')
    const byCid = new Map(pins.map(pin => [pin.cid, pin]))
    expect(byCid.get(added.cid.toString())).toMatchObject({ status: 'pinned', type: 'recursive', size: added.size })
    expect(byCid.get(loose.cid.toString())).toMatchObject({ name: 'kubo-pin', status: 'pinned', requests: [] })
    expect(byCid.get(viaPsa.cid.toString())).toMatchObject({ name: 'psa-pin', status: 'pinned' })
    expect(byCid.get(viaPsa.cid.toString())?.requests).toHaveLength(1)
    for (const pin of pins) {
      expect(Date.now() - Date.parse(pin.created ?? '')).toBeLessThan(60_000)
    }
  })

  it('finds pins by part of the name, any case, or by CID in either version', async () => {
    const { cid } = await cairn.kubo.add('searchable\n', { pin: false, cidVersion: 0 })
    await cairn.kubo.pin.add(cid, { name: 'Holiday Photos' })
    expect((await list('q=holiday')).pins.map(pin => pin.cid)).toEqual([cid.toString()])
    expect((await list(`q=${cid.toV1().toString()}`)).pins.map(pin => pin.name)).toEqual(['Holiday Photos'])
    expect((await list('q=no-such-name')).pins).toEqual([])
  })

  it('pages with a cursor: every pin once, in pages of the size asked', async () => {
    for (let i = 0; i < 7; i++) {
      await cairn.kubo.add(`page item ${i}\n`, { pin: true })
    }
    const all = (await list('limit=500')).pins.map(pin => pin.cid)
    const seen: string[] = []
    let after: string | null = null
    do {
      const page: Page = await list(`limit=3${after == null ? '' : `&after=${after}`}`)
      expect(page.pins.length).toBeLessThanOrEqual(3)
      seen.push(...page.pins.map(pin => pin.cid))
      after = page.next
    } while (after != null)
    expect(seen).toEqual(all)
    expect(new Set(seen).size).toBe(all.length)
  })

  it('refuses a bad cursor or limit with a 400 and a message', async () => {
    const res = await fetch(`${cairn.apiUrl}/api/v1/pins?after=../x&limit=0`, { headers: cairn.auth })
    expect(res.status).toBe(400)
    expect((await res.json() as { error: { message: string } }).error.message).toMatch(/after|limit/)
  })
})
