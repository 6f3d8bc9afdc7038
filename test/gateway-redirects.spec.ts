import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHttpError } from '../routes/errors.ts'
import { gatewayErrorResponse, parseGatewayPath, serveGateway } from '../routes/gateway/index.ts'
import { startCairn } from './fixtures/cairn.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { AppEnv } from '../routes/env.ts'
import { ResolvedFiles } from '../src/gateway/resolved-files.ts'

/**
 * What the subdomain gateway does for `<cid>.ipfs.<domain>`: every path of
 * the origin served from one content root, through `serveGateway` with an
 * isolated origin (the only place `_redirects` applies).
 */
function siteOrigin (cairn: TestCairn, cid: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('*', async (c) => serveGateway(c, { node: cairn.service.node, files: new ResolvedFiles() }, parseGatewayPath(`/ipfs/${cid}${new URL(c.req.url).pathname}`, { isolated: true, prefix: '', pathGateway: '' })))
  app.onError((err, c) => gatewayErrorResponse(c, toHttpError(err)))
  return app
}

// redirects_file: the web redirects file spec, on an origin holding one site
describe('gateway: _redirects files', () => {
  let cairn: TestCairn
  let root: string
  const examples = 'QmYBhLYDwVFvxos9h8CGU2ibaY66QNgv8hpfewxaQrPiZj'
  const site = (name: string): string => `/ipfs/${root}/${name}`

  beforeAll(async () => {
    cairn = await startCairn()
    root = String((await importFixture(cairn, 'redirects_file/redirects.car'))[0])
  })
  afterAll(async () => { await cairn.stop() })

  const resolveSite = async (name: string): Promise<string> => {
    const res = await gateway(cairn, `${site(name)}/`, { method: 'HEAD' })
    const roots = res.headers.get('x-ipfs-roots')?.split(',') ?? []
    return roots.at(-1) ?? ''
  }

  it('redirects with the rule\'s status (301 by default), filling placeholders and splats', async () => {
    const app = siteOrigin(cairn, examples)
    for (const [path, status, location] of [
      ['/redirect-one', 301, '/one.html'],
      ['/301-redirect-one', 301, '/one.html'],
      ['/302-redirect-two', 302, '/two.html'],
      ['/posts/2022/01/01/hello-world', 301, '/articles/2022/01/01/hello-world'],
      ['/splat/one.html', 301, '/redirected-splat/one.html']
    ] as const) {
      const res = await app.request(path)
      expect(res.status, path).toBe(status)
      expect(res.headers.get('location'), path).toBe(location)
    }
  })

  it('rewrites with 200, and serves custom 404/410/451 pages with their own Etag and caching', async () => {
    const app = siteOrigin(cairn, examples)
    for (const path of ['/200-index', '/catch-all', '/deep/spa/route']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toContain('my index')
    }
    for (const [path, status, page, cid] of [
      ['/not-found/has-no-redirects-entry', 404, 'my 404', 'Qmd9GD7Bauh6N2ZLfNnYS3b7QVAijbud83b8GE8LPMNBBP'],
      ['/gone/has-no-redirects-entry', 410, 'my 410', 'QmSmR9NShZ89VEBrn9SBy7Xxvjw8Qe6XArD5GqtHvbtBM3'],
      ['/unavail/has-no-redirects-entry', 451, 'my 451', 'QmVQqj9oZig9tH3ENHo4bxV5pNgssUwFCXUjAJAVcZVbJG']
    ] as const) {
      const res = await app.request(path)
      expect(res.status, path).toBe(status)
      expect(res.headers.get('etag')).toBe(`"${cid}"`)
      expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable')
      expect(await res.text()).toContain(page)
    }
  })

  it('never intercepts a path that exists', async () => {
    const res = await siteOrigin(cairn, examples).request('/one.html')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('my one\n')
  })

  it('reads CRLF files, all the allowed codes, and ignores a bad code for existing paths', async () => {
    expect((await siteOrigin(cairn, await resolveSite('newlines')).request('/redirect-one')).headers.get('location')).toBe('/one.html')
    const good = await siteOrigin(cairn, await resolveSite('good-codes')).request('/a301')
    expect(good.status).toBe(301)
    expect(good.headers.get('location')).toBe('/b301')
    const bad = await siteOrigin(cairn, await resolveSite('bad-codes')).request('/found.html')
    expect(bad.status).toBe(200)
    expect(await bad.text()).toContain('my found')
  })

  it('answers 500 with the reason for forced, unparsable and too large files', async () => {
    for (const [dir, reason] of [
      ['forced', 'forced redirects (or "shadowing") are not supported'],
      ['invalid', 'missing "to" path'],
      ['too-large', 'redirects file size cannot exceed'],
      ['bad-codes', 'unsupported redirect status']
    ] as const) {
      const res = await siteOrigin(cairn, await resolveSite(dir)).request('/not-found')
      expect(res.status, dir).toBe(500)
      const body = await res.text()
      expect(body).toContain('could not parse _redirects:')
      expect(body).toContain(reason)
    }
  })

  it('is not evaluated on the path gateway, which has no site origin', async () => {
    const res = await gateway(cairn, `/ipfs/${examples}/redirect-one`)
    expect(res.status).toBe(404)
  })
})
