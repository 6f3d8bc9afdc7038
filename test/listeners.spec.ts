import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { startCairn, tempDataDir, testEnv } from './fixtures/cairn.ts'
import { uploadForm } from './fixtures/http.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('two listeners: the public gateway and the API', () => {
  let cairn: TestCairn
  let cid = ''

  beforeAll(async () => {
    cairn = await startCairn()
    const res = await fetch(`${cairn.apiUrl}/api/v0/add?cid-version=1`, { method: 'POST', headers: cairn.auth, body: uploadForm('hello.txt', 'hello, two origins\n') })
    cid = ((await res.json()) as { Hash: string }).Hash
  })
  afterAll(async () => { await cairn.stop() })

  it('binds two ports on two origins', () => {
    expect(new URL(cairn.gatewayUrl).port).not.toBe(new URL(cairn.apiUrl).port)
    expect(new URL(cairn.gatewayUrl).hostname).toBe('127.0.0.1')
    expect(new URL(cairn.apiUrl).hostname).toBe('127.0.0.1')
  })

  it('serves content on the gateway only', async () => {
    expect(await (await fetch(`${cairn.gatewayUrl}/ipfs/${cid}`)).text()).toBe('hello, two origins\n')
    expect((await fetch(`${cairn.apiUrl}/ipfs/${cid}`)).status).toBe(404)
    expect((await fetch(`${cairn.apiUrl}/routing/v1/providers/${cid}`, { headers: cairn.auth })).status).toBe(404)
  })

  it('answers 404 on the gateway for every API route, even with the token', async () => {
    for (const [method, path] of [['POST', '/api/v0/id'], ['GET', '/api/v1/names'], ['GET', '/pins'], ['POST', '/pins'], ['PUT', `/routing/v1/ipns/${cid}`]] as const) {
      const res = await fetch(`${cairn.gatewayUrl}${path}`, { method, headers: cairn.auth })
      expect(res.status, `${method} ${path}`).toBe(404)
    }
  })

  it('serves the API on its own listener, behind the token', async () => {
    expect((await fetch(`${cairn.apiUrl}/api/v0/id`, { method: 'POST' })).status).toBe(401)
    expect((await fetch(`${cairn.apiUrl}/api/v0/id`, { method: 'POST', headers: cairn.auth })).status).toBe(200)
    expect((await fetch(`${cairn.apiUrl}/api/v1/names`, { headers: cairn.auth })).status).toBe(200)
    expect((await fetch(`${cairn.apiUrl}/pins`, { headers: cairn.auth })).status).toBe(200)
  })

  it('answers health and readiness on both', async () => {
    for (const base of [cairn.gatewayUrl, cairn.apiUrl]) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' })
    }
  })

  it('takes the API address from --api-host and --api-port, which win over their variables', () => {
    const config = parseConfig({ CAIRN_API_HOST: '127.0.0.2', CAIRN_API_PORT: '6001' }, ['--api-port', '0'])
    expect(config).toMatchObject({ apiHost: '127.0.0.2', apiPort: 0, httpPort: 8080 })
    expect(parseConfig({})).toMatchObject({ apiHost: '127.0.0.1', apiPort: 5001, httpHost: '127.0.0.1', httpPort: 8080 })
    expect(() => parseConfig({ CAIRN_API_PORT: '70000' })).toThrow(/CAIRN_API_PORT \(--api-port\)/)
  })

  it('logs both URLs when it starts', async () => {
    const dataDir = await tempDataDir()
    const proc = spawnCairn(testEnv(dataDir, { CAIRN_LOG_LEVEL: 'info' }))
    try {
      const { gatewayUrl, apiUrl } = await waitForListening(proc)
      expect(gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(apiUrl).not.toBe(gatewayUrl)
      expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200)
    } finally {
      proc.child.kill('SIGTERM')
      await proc.exited
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
