import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { uploadForm } from './fixtures/http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('errors over HTTP', () => {
  let cairn: TestCairn

  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const post = async (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${cairn.apiUrl}${path}`, { method: 'POST', ...init, headers: { ...cairn.auth, ...init.headers } })

  it('refuses writes without a token or with a wrong one (401, Kubo error body)', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-the-token' }, { authorization: cairn.token }]
    for (const headers of attempts) {
      const res = await fetch(`${cairn.apiUrl}/api/v0/add`, { method: 'POST', headers, body: uploadForm('x', 'x') })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ Type: 'error', Message: expect.stringMatching(/token/) })
    }
  })

  it('answers a malformed CID with 400 on the API (Kubo JSON) and the gateway (plain text)', async () => {
    const api = await post('/api/v0/cat?arg=not-a-cid')
    expect(api.status).toBe(400)
    expect(await api.json()).toMatchObject({ Type: 'error', Message: expect.stringContaining('not-a-cid') })

    const gateway = await fetch(`${cairn.gatewayUrl}/ipfs/not-a-cid`)
    expect(gateway.status).toBe(400)
    expect(await gateway.text()).toContain('not-a-cid')
  })

  it('answers 400 for bad flags and for an add without a file', async () => {
    expect((await post('/api/v0/add?cid-version=7', { body: uploadForm('x', 'x') })).status).toBe(400)
    expect((await post('/api/v0/add', { body: 'plain text', headers: { 'content-type': 'text/plain' } })).status).toBe(400)
    const empty = new FormData()
    empty.append('note', 'no file here')
    const res = await post('/api/v0/add', { body: empty })
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(/no file/)
  })

  it('answers a truncated multipart body with 400, not a crash', async () => {
    const body = '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\npartial'
    const res = await post('/api/v0/add', { body, headers: { 'content-type': 'multipart/form-data; boundary=xyz' } })
    expect(res.status).toBe(400)
    expect((await cairn.kubo.id()).id).toBeDefined()
  })

  it('keeps the RPC API POST-only (405)', async () => {
    const res = await fetch(`${cairn.apiUrl}/api/v0/version`, { headers: cairn.auth })
    expect(res.status).toBe(405)
  })

  it('serves health and readiness without a token', async () => {
    expect(await (await fetch(`${cairn.gatewayUrl}/healthz`)).json()).toEqual({ status: 'ok' })
    const ready = await (await fetch(`${cairn.gatewayUrl}/readyz`)).json()
    expect(ready).toMatchObject({ status: 'ready', peerId: cairn.service.node.helia.libp2p.peerId.toString() })
  })

  it('answers unknown routes with 404 JSON on both listeners', async () => {
    for (const base of [cairn.gatewayUrl, cairn.apiUrl]) {
      const res = await fetch(`${base}/nope`)
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { name: 'NotFound' } })
    }
  })
})
