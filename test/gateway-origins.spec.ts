import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { uploadForm } from './fixtures/http.ts'
import { rawRequest } from './fixtures/raw-http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const EXPOSED = ['content-range', 'content-length', 'x-ipfs-path', 'x-ipfs-roots', 'x-stream-output', 'x-chunked-output']

describe('gateway: CORS, origin isolation on localhost, proxies', () => {
  let cairn: TestCairn
  let trusting: TestCairn
  let port = ''
  let v0 = ''
  let v1 = ''
  let key = ''

  beforeAll(async () => {
    ;[cairn, trusting] = await Promise.all([startCairn(), startCairn({ env: { CAIRN_TRUST_PROXY: 'true' } })])
    port = new URL(cairn.gatewayUrl).port
    for (const node of [cairn, trusting]) {
      // CIDv0, as `ipfs add` makes by default: the subdomain redirect must convert it
      const res = await fetch(`${node.apiUrl}/api/v0/add`, { method: 'POST', headers: node.auth, body: uploadForm('a.txt', 'isolated\n') })
      v0 = ((await res.json()) as { Hash: string }).Hash
    }
    v1 = CID.parse(v0).toV1().toString()
    key = (await cairn.kubo.key.gen('site')).id
  })
  afterAll(async () => { await Promise.all([cairn.stop(), trusting.stop()]) })

  it('opens every GET and HEAD answer to any origin, exposing the headers clients read', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await fetch(`${cairn.gatewayUrl}/ipfs/${v0}`, { method, headers: { origin: 'https://elsewhere.example' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/)
      expect(exposed).toEqual(expect.arrayContaining(EXPOSED))
    }
    // errors too: a page must be able to tell a 404 from a network failure
    const missing = await fetch(`${cairn.gatewayUrl}/ipfs/${v0}/nope`, { headers: { origin: 'https://elsewhere.example' } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('answers preflights for Range and Accept with 204', async () => {
    const res = await fetch(`${cairn.gatewayUrl}/ipfs/${v0}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range, accept' }
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS')
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    expect(allowed).toContain('range')
    expect(allowed).toContain('accept')
  })

  it('moves /ipfs/ on localhost to the content origin, CIDv0 written as CIDv1 base32', async () => {
    const moved = await rawRequest(cairn.gatewayUrl, `/ipfs/${v0}/?x=1`, { headers: { host: `localhost:${port}` } })
    expect(moved.status).toBe(301)
    expect(moved.headers.location).toBe(`http://${v1}.ipfs.localhost:${port}/?x=1`)
    const served = await rawRequest(cairn.gatewayUrl, '/', { headers: { host: `${v1}.ipfs.localhost:${port}` } })
    expect(served).toMatchObject({ status: 200, body: 'isolated\n' })
    expect(served.headers['access-control-allow-origin']).toBe('*')
  })

  it('moves /ipns/<key> on localhost to <key>.ipns.localhost', async () => {
    const label = CID.parse(key, base36).toString(base36)
    const moved = await rawRequest(cairn.gatewayUrl, `/ipns/${key}/a/b`, { headers: { host: `localhost:${port}` } })
    expect(moved.status).toBe(301)
    expect(moved.headers.location).toBe(`http://${label}.ipns.localhost:${port}/a/b`)
  })

  it('keeps 127.0.0.1 a path gateway', async () => {
    expect(await rawRequest(cairn.gatewayUrl, `/ipfs/${v0}`, { headers: { host: `127.0.0.1:${port}` } })).toMatchObject({ status: 200, body: 'isolated\n' })
  })

  it('ignores X-Forwarded-Host and -Proto unless CAIRN_TRUST_PROXY is set', async () => {
    const forwarded = { 'x-forwarded-host': `localhost:${port}`, 'x-forwarded-proto': 'https' }
    const ignored = await rawRequest(cairn.gatewayUrl, `/ipfs/${v0}`, { headers: { host: `127.0.0.1:${port}`, ...forwarded } })
    expect(ignored).toMatchObject({ status: 200, body: 'isolated\n' })
    const claimed = await rawRequest(cairn.gatewayUrl, `/ipfs/${v0}`, { headers: { host: `localhost:${port}`, 'x-forwarded-proto': 'https' } })
    expect(claimed.headers.location).toBe(`http://${v1}.ipfs.localhost:${port}/`)

    const trustedPort = new URL(trusting.gatewayUrl).port
    const honoured = await rawRequest(trusting.gatewayUrl, `/ipfs/${v0}`, { headers: { host: `127.0.0.1:${trustedPort}`, 'x-forwarded-host': 'localhost', 'x-forwarded-proto': 'https' } })
    expect(honoured.status).toBe(301)
    expect(honoured.headers.location).toBe(`https://${v1}.ipfs.localhost/`)
  })
})
