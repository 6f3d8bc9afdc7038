import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiApp, createGatewayApp } from '../routes/index.ts'
import { Tokens } from '../src/auth/tokens.ts'
import { createLogger } from '../src/logger.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

interface Document { paths: Record<string, Record<string, unknown>> }

/** Routes the OpenAPI document leaves to other specs: Kubo's RPC, the gateway's content paths, the docs and the console's pages. */
const DESCRIBED_ELSEWHERE = /^\/(api\/v0|ipfs|ipns|docs|webui)(\/|$)|^\/api\/v1\/openapi\.json$|^\/?\*?$/

describe('the OpenAPI document', () => {
  let cairn: TestCairn
  let doc: Document
  let ajv: Ajv2020

  beforeAll(async () => {
    cairn = await startCairn()
    const res = await fetch(`${cairn.apiUrl}/api/v1/openapi.json`)
    expect(res.status).toBe(200)
    doc = await res.json() as Document
    ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema(doc, 'openapi.json')
  })
  afterAll(async () => { await cairn.stop() })

  /** Checks an answer against the schema the document gives for it. */
  const conforms = async (res: Response, path: string, method: string): Promise<void> => {
    const pointer = `openapi.json#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${res.status}/content/application~1json/schema`
    const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer })
    const body = await res.json() as unknown
    expect(validate(body), `${method.toUpperCase()} ${path} ${res.status}: ${JSON.stringify(validate.errors)}`).toBe(true)
  }

  it('is a valid OpenAPI 3.1 document, served without a token', async () => {
    const result = await new Validator().validate(doc as never)
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined()
    expect(result.valid).toBe(true)
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0')
  })

  it('describes every native route both listeners register', async () => {
    const tokens = await Tokens.open(cairn.service.node.helia.datastore, cairn.token)
    const logger = createLogger('silent', { pretty: false })
    const apps = [createApiApp({ node: cairn.service.node, tokens, logger }), createGatewayApp({ node: cairn.service.node, logger })]
    const registered = new Set(apps.flatMap(app => app.routes)
      .filter(route => route.method !== 'ALL' && !DESCRIBED_ELSEWHERE.test(route.path))
      .map(route => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`))
    const described = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map(method => `${method} ${path.replace(/(.)\/$/, '$1')}`)))
    expect(registered.size).toBeGreaterThan(15)
    expect([...registered].filter(route => !described.has(route))).toEqual([])
  })

  it('matches what the routes answer', async () => {
    const json = { ...cairn.auth, 'content-type': 'application/json' }
    await conforms(await fetch(`${cairn.apiUrl}/readyz`), '/readyz', 'get')
    await conforms(await fetch(`${cairn.gatewayUrl}/healthz`), '/healthz', 'get')
    const { cid } = await cairn.kubo.add('described\n')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/names`, { method: 'POST', headers: json, body: JSON.stringify({ value: `/ipfs/${cid.toString()}`, allowOffline: true }) }), '/api/v1/names', 'post')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/names`, { headers: cairn.auth }), '/api/v1/names', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/names`, { method: 'POST', headers: json, body: '{"value":1}' }), '/api/v1/names', 'post')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/tokens`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'doc', scopes: ['read'] }) }), '/api/v1/tokens', 'post')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/tokens`, { headers: cairn.auth }), '/api/v1/tokens', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/tokens`, { headers: { authorization: 'Bearer nope' } }), '/api/v1/tokens', 'get')
    const pinned = await fetch(`${cairn.apiUrl}/pins`, { method: 'POST', headers: json, body: JSON.stringify({ cid: cid.toString(), name: 'doc' }) })
    await conforms(pinned.clone(), '/pins', 'post')
    const { requestid } = await pinned.json() as { requestid: string }
    await conforms(await fetch(`${cairn.apiUrl}/pins/${requestid}`, { headers: cairn.auth }), '/pins/{requestid}', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/pins?status=queued,pinning,pinned,failed`, { headers: cairn.auth }), '/pins', 'get')
    await conforms(await fetch(`${cairn.gatewayUrl}/routing/v1/providers/${cid.toString()}`), '/routing/v1/providers/{cid}', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/node`, { headers: cairn.auth }), '/api/v1/node', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/pins?limit=5`, { headers: cairn.auth }), '/api/v1/pins', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/pins?q=${cid.toString()}`, { headers: cairn.auth }), '/api/v1/pins', 'get')
    await conforms(await fetch(`${cairn.apiUrl}/api/v1/pins?limit=0`, { headers: cairn.auth }), '/api/v1/pins', 'get')
    await conforms(await fetch(`${cairn.gatewayUrl}/routing/v1/providers/not-a-cid`), '/routing/v1/providers/{cid}', 'get')
  })

  it('has a documentation page on the API listener, with its assets served locally', async () => {
    const page = await fetch(`${cairn.apiUrl}/docs/`)
    expect(page.status).toBe(200)
    const html = await page.text()
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(asset[1], 'no asset from elsewhere').toMatch(/^\/docs\//)
      expect((await fetch(`${cairn.apiUrl}${asset[1]}`)).status).toBe(200)
    }
    expect((await fetch(`${cairn.gatewayUrl}/docs/`)).status).toBe(404)
  })
})
