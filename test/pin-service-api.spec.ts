import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { assertResponse, psa, waitForStatus } from './fixtures/pin-service.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Every call goes through `psa()`, which checks requests and responses against the spec's yaml. */
describe('Pinning Service API: requests, listing and errors', () => {
  let cairn: TestCairn
  type Key = 'a' | 'b' | 'c' | 'd'
  const ids: Record<Key, string> = { a: '', b: '', c: '', d: '' }
  const cids: Record<Key, string> = { a: '', b: '', c: '', d: '' }
  const created: Record<Key, string> = { a: '', b: '', c: '', d: '' }

  beforeAll(async () => {
    cairn = await startCairn()
    const pins: Array<{ key: Key, name?: string, meta: Record<string, string> }> = [
      { key: 'a', name: 'Holiday Photos', meta: { app: 'cam', owner: 'ann' } },
      { key: 'b', name: 'holiday notes', meta: { app: 'notes', owner: 'ann' } },
      { key: 'c', name: 'taxes 2025', meta: { app: 'cam', owner: 'bob' } },
      { key: 'd', meta: {} }
    ]
    for (const { key, ...pin } of pins) {
      const { cid } = await cairn.kubo.add(randomBytes(1000), { pin: false })
      cids[key] = cid.toString()
      const { status, body } = await psa(cairn, 'POST', '/pins', { body: { cid: cid.toString(), ...pin } })
      expect(status).toBe(202)
      expect(['queued', 'pinning', 'pinned']).toContain(body.status)
      ids[key] = body.requestid
      created[key] = body.created
    }
    for (const id of Object.values(ids)) {
      await waitForStatus(cairn, id, ['pinned'])
    }
  })

  afterAll(async () => { await cairn?.stop() })

  it('answers a PinStatus with this node as delegate, and pins the CID in the node', async () => {
    const { status, body } = await psa(cairn, 'GET', `/pins/${ids.a}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ requestid: ids.a, status: 'pinned', created: created.a, pin: { cid: cids.a, name: 'Holiday Photos', meta: { app: 'cam', owner: 'ann' } } })
    const peerId = cairn.service.node.helia.libp2p.peerId.toString()
    expect(body.delegates.length).toBeGreaterThan(0)
    for (const delegate of body.delegates) {
      expect(delegate).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${peerId}$`))
    }
    const pinned = []
    for await (const pin of cairn.kubo.pin.ls({ paths: [cids.a] })) {
      pinned.push(pin)
    }
    expect(pinned.map(pin => pin.type)).toEqual(['recursive'])
  })

  it('the yaml checks can fail: a PinStatus without its required fields is refused', () => {
    expect(() => { assertResponse('GET', '/pins/{requestid}', 200, { requestid: ids.a, status: 'done' }) }).toThrow(/PinStatus|required|enum/)
    expect(() => { assertResponse('DELETE', '/pins/{requestid}', 200, undefined) }).toThrow(/does not declare status 200/)
  })

  it('creation times are unique and increase', () => {
    const times = (['a', 'b', 'c', 'd'] as const).map(key => Date.parse(created[key]))
    expect(times).toEqual(times.toSorted((x, y) => x - y))
    expect(new Set(times).size).toBe(4)
  })

  it('lists pinned requests newest first, with count and limit', async () => {
    const all = await psa(cairn, 'GET', '/pins')
    expect(all.status).toBe(200)
    expect(all.body.count).toBe(4)
    expect(all.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([ids.d, ids.c, ids.b, ids.a])
    const limited = await psa(cairn, 'GET', '/pins', { query: { limit: '2' } })
    expect(limited.body.count).toBe(4)
    expect(limited.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([ids.d, ids.c])
    const next = await psa(cairn, 'GET', '/pins', { query: { limit: '2', before: created.c } })
    expect(next.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([ids.b, ids.a])
    const after = await psa(cairn, 'GET', '/pins', { query: { after: created.b } })
    expect(after.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([ids.d, ids.c])
  })

  it('filters by cid, name with each match strategy, status and meta', async () => {
    const requestids = async (query: Record<string, string>): Promise<string[]> => {
      const { status, body } = await psa(cairn, 'GET', '/pins', { query })
      expect(status).toBe(200)
      expect(body.count).toBe(body.results.length)
      return body.results.map((r: { requestid: string }) => r.requestid).toSorted()
    }
    const sorted = (...keys: Key[]): string[] => keys.map(key => ids[key]).toSorted()
    expect(await requestids({ cid: `${cids.a},${cids.c}` })).toEqual(sorted('a', 'c'))
    expect(await requestids({ name: 'Holiday Photos' })).toEqual(sorted('a'))
    expect(await requestids({ name: 'holiday photos' })).toEqual([])
    expect(await requestids({ name: 'holiday photos', match: 'iexact' })).toEqual(sorted('a'))
    expect(await requestids({ name: 'oliday', match: 'partial' })).toEqual(sorted('a', 'b'))
    expect(await requestids({ name: 'Holiday', match: 'partial' })).toEqual(sorted('a'))
    expect(await requestids({ name: 'HOLIDAY', match: 'ipartial' })).toEqual(sorted('a', 'b'))
    expect(await requestids({ meta: JSON.stringify({ app: 'cam' }) })).toEqual(sorted('a', 'c'))
    expect(await requestids({ meta: JSON.stringify({ app: 'cam', owner: 'bob' }) })).toEqual(sorted('c'))
    expect(await requestids({ meta: JSON.stringify({ app: 'cam', owner: 'zed' }) })).toEqual([])
    expect(await requestids({ status: 'queued,pinning,failed' })).toEqual([])
    expect(await requestids({ status: 'pinned,failed', name: 'taxes 2025' })).toEqual(sorted('c'))
  })

  it('refuses bad input with 400 and the spec\'s error body', async () => {
    const bad: Array<Record<string, string>> = [
      { limit: '0' },
      { limit: '1001' },
      { limit: 'ten' },
      { status: 'done' },
      { match: 'fuzzy' },
      { before: 'yesterday' },
      { meta: '{"app":' },
      { meta: '{"app":1}' },
      { cid: 'not-a-cid' },
      { cid: Array.from({ length: 11 }, (_, i) => `${cids.a.slice(0, -2)}${i}`).join(',') }
    ]
    for (const query of bad) {
      const { status, body } = await psa(cairn, 'GET', '/pins', { query, validate: false })
      expect(status, JSON.stringify(query)).toBe(400)
      expect(body.error.reason).toBe('BAD_REQUEST')
      expect(body.error.details).toEqual(expect.any(String))
    }
    for (const pin of [{}, { cid: 'nope' }, { cid: cids.a, name: 'x'.repeat(256) }, { cid: cids.a, meta: { n: 1 } }, { cid: cids.a, origins: ['not a multiaddr'] }]) {
      const { status, body } = await psa(cairn, 'POST', '/pins', { body: pin, validate: false })
      expect(status, JSON.stringify(pin)).toBe(400)
      expect(body.error.reason).toBe('BAD_REQUEST')
    }
    const res = await fetch(`${cairn.apiUrl}/pins`, { method: 'POST', headers: { ...cairn.auth, 'content-type': 'application/json' }, body: '{"cid":' })
    expect(res.status).toBe(400)
    expect((await res.json()).error.reason).toBe('BAD_REQUEST')
  })

  it('needs the bearer token', async () => {
    for (const auth of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: 'Basic abc' }] as Array<Record<string, string>>) {
      const { status, body } = await psa(cairn, 'GET', '/pins', { auth })
      expect(status).toBe(401)
      expect(body.error.reason).toBe('UNAUTHORIZED')
    }
    expect((await psa(cairn, 'DELETE', `/pins/${ids.a}`, { auth: {} })).status).toBe(401)
    expect((await psa(cairn, 'GET', `/pins/${ids.a}`)).status).toBe(200)
  })

  it('answers 404 for an unknown request id on get, replace and delete', async () => {
    for (const [method, body] of [['GET'], ['POST', { cid: cids.a }], ['DELETE']] as const) {
      const res = await psa(cairn, method, '/pins/no-such-request', { body })
      expect(res.status).toBe(404)
      expect(res.body.error.reason).toBe('NOT_FOUND')
    }
  })

  it('deletes a request with 202 and no body; a CID another request holds stays pinned', async () => {
    const twin = await psa(cairn, 'POST', '/pins', { body: { cid: cids.d, name: 'twin' } })
    await waitForStatus(cairn, twin.body.requestid, ['pinned'])
    const removed = await psa(cairn, 'DELETE', `/pins/${ids.d}`)
    expect(removed).toEqual({ status: 202, body: undefined })
    expect((await psa(cairn, 'GET', `/pins/${ids.d}`)).status).toBe(404)
    const isPinned = async (): Promise<boolean> => (await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))).some(pin => pin.cid.toString() === cids.d)
    expect(await isPinned()).toBe(true)
    expect((await psa(cairn, 'DELETE', `/pins/${twin.body.requestid}`)).status).toBe(202)
    expect(await isPinned()).toBe(false)
  })
})
