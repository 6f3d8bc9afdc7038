import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const LISTED = 'http://localhost:3000'

describe('API: which browser origins may call it', () => {
  let cairn: TestCairn

  beforeAll(async () => { cairn = await startCairn({ env: { CAIRN_API_CORS_ORIGINS: `${LISTED}, https://console.example` } }) })
  afterAll(async () => { await cairn.stop() })

  const id = async (headers: Record<string, string>): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/id`, { method: 'POST', headers: { ...cairn.auth, ...headers } })

  it('sends no CORS headers to clients without an Origin', async () => {
    const res = await id({})
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('accepts its own origin without CORS headers', async () => {
    const res = await id({ origin: cairn.apiUrl })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses any other origin with 403 before anything runs, the gateway\'s included', async () => {
    for (const origin of ['https://evil.example', cairn.gatewayUrl, 'null']) {
      const res = await id({ origin })
      expect(res.status, origin).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect((await res.json()).Message).toContain('CAIRN_API_CORS_ORIGINS')
    }
    // a write is refused as well, and leaves nothing behind
    const gen = await fetch(`${cairn.apiUrl}/api/v0/key/gen?arg=from-a-page`, { method: 'POST', headers: { ...cairn.auth, origin: 'https://evil.example' } })
    expect(gen.status).toBe(403)
    expect((await cairn.kubo.key.list()).map(k => k.name)).not.toContain('from-a-page')
  })

  it('opens itself to listed origins, preflights included', async () => {
    const res = await id({ origin: LISTED })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(LISTED)
    expect(res.headers.get('vary')).toContain('Origin')

    const preflight = await fetch(`${cairn.apiUrl}/api/v0/add`, {
      method: 'OPTIONS',
      headers: { origin: LISTED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(LISTED)
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
  })

  it('refuses a setting that is not a list of origins', () => {
    expect(() => parseConfig({ CAIRN_API_CORS_ORIGINS: 'http://ok.example,example.org/path' })).toThrow(/CAIRN_API_CORS_ORIGINS \(--api-cors-origins\).*example\.org\/path/)
  })
})
