import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { uploadForm } from './fixtures/http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

interface Created { id: string, name: string, scopes: string[], secret: string, expiresAt?: string }

describe('scoped API tokens', () => {
  let cairn: TestCairn

  let dataDir = ''

  beforeAll(async () => {
    cairn = await startCairn()
    dataDir = cairn.dataDir
  })
  afterAll(async () => {
    await cairn.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  const create = async (body: unknown, auth = cairn.auth): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v1/tokens`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const bearer = (secret: string): { authorization: string } => ({ authorization: `Bearer ${secret}` })
  const rpc = async (path: string, secret: string, body?: FormData): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/${path}`, { method: 'POST', headers: bearer(secret), body })

  it('creates a token whose secret is shown once and stored hashed', async () => {
    const res = await create({ name: 'ci-reader', scopes: ['read'] })
    expect(res.status).toBe(201)
    const token = await res.json() as Created
    expect(token).toMatchObject({ name: 'ci-reader', scopes: ['read'] })
    expect(token.secret).toMatch(/^cairn_[\w-]{43}$/)
    const listed = await (await fetch(`${cairn.apiUrl}/api/v1/tokens`, { headers: cairn.auth })).json() as { tokens: Array<Record<string, unknown>> }
    expect(listed.tokens.map(t => t.name)).toEqual(expect.arrayContaining(['admin', 'ci-reader']))
    expect(JSON.stringify(listed)).not.toContain(token.secret)
    expect((await create({ name: 'ci-reader', scopes: ['read'] })).status).toBe(409)
  })

  it('lets a token do what its scopes allow, and answers 403 naming the scope it lacks', async () => {
    const adder = await (await create({ name: 'adder', scopes: ['add'] })).json() as Created
    const added = await rpc('add?pin=false', adder.secret, uploadForm('a.txt', 'scoped\n'))
    expect(added.status).toBe(200)
    const { Hash } = await added.json() as { Hash: string }

    const pin = await rpc(`pin/add?arg=${Hash}`, adder.secret)
    expect(pin.status).toBe(403)
    expect((await pin.json()).Message).toBe(`token "adder" lacks the "pin" scope that /api/v0/pin/add needs`)
    expect((await rpc('key/gen?arg=nope', adder.secret)).status).toBe(403)
    expect((await fetch(`${cairn.apiUrl}/api/v1/tokens`, { headers: bearer(adder.secret) })).status).toBe(403)

    const reader = await (await create({ name: 'reader', scopes: ['read'] })).json() as Created
    expect(await (await rpc(`cat?arg=${Hash}`, reader.secret)).text()).toBe('scoped\n')
    expect((await rpc('add', reader.secret, uploadForm('b.txt', 'no'))).status).toBe(403)
  })

  it('confines a token to its allowed paths, as Kubo\'s AllowedPaths', async () => {
    const narrow = await (await create({ name: 'cat-only', scopes: ['read'], paths: ['/api/v0/cat'] })).json() as Created
    expect((await rpc('id', narrow.secret)).status).toBe(403)
    expect((await rpc('cat?arg=bafkqaaa', narrow.secret)).status).toBe(200)
  })

  it('refuses a revoked or expired token with 401 at once', async () => {
    const soon = await (await create({ name: 'short-lived', scopes: ['read'], expiresInMs: 300 })).json() as Created
    expect((await rpc('id', soon.secret)).status).toBe(200)
    await new Promise(resolve => setTimeout(resolve, 400))
    const expired = await rpc('id', soon.secret)
    expect(expired.status).toBe(401)
    expect((await expired.json()).Message).toMatch(/"short-lived" expired at/)

    const gone = await (await create({ name: 'revoked', scopes: ['admin'] })).json() as Created
    expect((await rpc('id', gone.secret)).status).toBe(200)
    expect((await fetch(`${cairn.apiUrl}/api/v1/tokens/${gone.id}`, { method: 'DELETE', headers: cairn.auth })).status).toBe(204)
    expect((await rpc('id', gone.secret)).status).toBe(401)
    expect((await fetch(`${cairn.apiUrl}/api/v1/tokens/admin`, { method: 'DELETE', headers: cairn.auth })).status).toBe(400)
  })

  it('uses pin-scoped tokens as Pinning Service API access tokens, with the spec\'s error body', async () => {
    const pinner = await (await create({ name: 'pin-service', scopes: ['pin'] })).json() as Created
    expect((await fetch(`${cairn.apiUrl}/pins`, { headers: bearer(pinner.secret) })).status).toBe(200)
    const reader = await (await create({ name: 'not-a-pinner', scopes: ['read'] })).json() as Created
    const refused = await fetch(`${cairn.apiUrl}/pins`, { headers: bearer(reader.secret) })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: { reason: expect.any(String), details: expect.stringContaining('"pin" scope') } })
  })

  it('keeps tokens across a restart', async () => {
    const kept = await (await create({ name: 'survivor', scopes: ['read'] })).json() as Created
    await cairn.service.shutdown()
    cairn = await startCairn({ dataDir })
    expect((await rpc('id', kept.secret)).status).toBe(200)
  })

  it('checks every request body field', async () => {
    expect((await create({ name: 'x', scopes: ['root'] })).status).toBe(400)
    expect((await create({ name: 'x', scopes: [] })).status).toBe(400)
    expect((await create({ name: 'x', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' })).status).toBe(400)
  })
})
