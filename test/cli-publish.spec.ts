import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { getUrl, jsonOf, runCli } from './fixtures/cli.ts'
import { search } from './fixtures/search.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('cairn publish', () => {
  let cairn: TestCairn
  let work: string
  let site: string

  const publish = async (...extra: string[]) => runCli(['publish', site, '--api', cairn.apiUrl, '--token', cairn.token, '--gateway', cairn.gatewayUrl, ...extra])

  beforeEach(async () => {
    cairn = await startCairn({ env: { CAIRN_GATEWAY_DOMAINS: 'localhost' } })
    work = await mkdtemp(join(tmpdir(), 'cairn-cli-'))
    site = join(work, 'my-site')
    await mkdir(join(site, 'css'), { recursive: true })
    await mkdir(join(site, 'docs'))
    await writeFile(join(site, 'index.html'), '<h1>version one</h1>\n')
    await writeFile(join(site, 'css', 'site.css'), 'body { color: teal }\n')
    await writeFile(join(site, '_redirects'), '/old-page /docs/ 301\n/* /404.html 404\n')
    await writeFile(join(site, '404.html'), 'not here\n')
    await writeFile(join(site, '.env'), 'SECRET=1\n')
    await symlink('../index.html', join(site, 'docs', 'index.html'))
  })

  afterEach(async () => {
    await cairn.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('publishes a folder under a new name and prints one JSON object', async () => {
    const result = await publish('--json', '--wait-reachable')
    expect(result.code, result.stderr).toBe(0)
    const out = jsonOf(result)
    const keys = await cairn.kubo.key.list()
    const key = keys.find(k => k.name === 'my-site')
    expect(key).toBeDefined()
    expect(out).toMatchObject({
      name: key?.id,
      key: 'my-site',
      keyCreated: true,
      sequence: '0',
      nameUpdated: true,
      files: 5,
      bytes: expect.any(Number),
      uploadMs: expect.any(Number),
      reachableMs: expect.any(Number)
    })
    expect(out.cid).toMatch(/^bafy[a-z2-7]+$/)
    const port = new URL(cairn.gatewayUrl).port
    expect(out.urls).toEqual({
      path: `${cairn.gatewayUrl}/ipfs/${out.cid}/`,
      subdomain: `http://${out.cid}.ipfs.localhost:${port}/`,
      ipnsPath: `${cairn.gatewayUrl}/ipns/${out.name}/`,
      ipnsSubdomain: `http://${out.name}.ipns.localhost:${port}/`
    })

    // pinned under the key's name, and the name points at the root
    const pins = await Array.fromAsync(cairn.kubo.pin.ls({ paths: [out.cid] }))
    expect(pins[0]?.type).toBe('recursive')
    const pinned = await (await fetch(`${cairn.apiUrl}/api/v0/pin/ls?arg=${out.cid}&names=true`, { method: 'POST', headers: cairn.auth })).json()
    expect(pinned.Keys[out.cid].Name).toBe('my-site')
    expect(await Array.fromAsync(cairn.kubo.name.resolve(out.name))).toEqual([`/ipfs/${out.cid}`])
  })

  it('serves the site through the subdomain gateway as published: index.html, _redirects, followed symlinks, no dotfiles', async () => {
    const out = jsonOf(await publish('--json'))
    expect(await getUrl(out.urls.subdomain)).toMatchObject({ status: 200, body: '<h1>version one</h1>\n' })
    expect(await getUrl(`${out.urls.subdomain}css/site.css`)).toMatchObject({ status: 200, body: 'body { color: teal }\n' })
    // a symlink inside the folder is published as the file it points at
    expect(await getUrl(`${out.urls.subdomain}docs/`)).toMatchObject({ status: 200, body: '<h1>version one</h1>\n' })
    expect(await getUrl(`${out.urls.subdomain}old-page`)).toMatchObject({ status: 301, location: '/docs/' })
    expect(await getUrl(`${out.urls.subdomain}.env`)).toMatchObject({ status: 404, body: 'not here\n' })
    expect(await getUrl(out.urls.ipnsSubdomain)).toMatchObject({ status: 200, body: '<h1>version one</h1>\n' })
    expect(await getUrl(out.urls.path)).toMatchObject({ status: 200, body: '<h1>version one</h1>\n' })
  })

  it('gives the same CID and no new sequence for the same folder, a new CID and sequence after a change', async () => {
    const first = jsonOf(await publish('--json'))
    const again = jsonOf(await publish('--json'))
    expect(again).toMatchObject({ cid: first.cid, name: first.name, keyCreated: false, sequence: '0', nameUpdated: false })

    await writeFile(join(site, 'index.html'), '<h1>version two</h1>\n')
    const changed = jsonOf(await publish('--json'))
    expect(changed.cid).not.toBe(first.cid)
    expect(changed).toMatchObject({ name: first.name, keyCreated: false, sequence: '1', nameUpdated: true })
    expect(await Array.fromAsync(cairn.kubo.name.resolve(first.name, { nocache: true }))).toEqual([`/ipfs/${changed.cid}`])
    expect(await getUrl(changed.urls.ipnsSubdomain)).toMatchObject({ status: 200, body: '<h1>version two</h1>\n' })
  })

  it('prints the CID, the name and the URLs as lines, with plain progress lines when not on a terminal', async () => {
    const result = await publish('--name', 'docs-site', '--hidden', '--cid-version', '0')
    expect(result.code, result.stderr).toBe(0)
    const cid = /^CID\s+(Qm\w+)$/m.exec(result.stdout)?.[1]
    expect(cid).toBeDefined()
    const key = (await cairn.kubo.key.list()).find(k => k.name === 'docs-site')
    expect(result.stdout).toMatch(new RegExp(`^name\\s+${key?.id} \\(key "docs-site", new, sequence 0\\)$`, 'm'))
    expect(result.stdout).toContain(`${cairn.gatewayUrl}/ipfs/${cid}/`)
    expect(result.stdout).toMatch(/^published .*my-site: 6 files, /m)
    expect(result.stderr).toMatch(/^uploading 6 files, /m)
    expect(result.stderr).toMatch(/^uploaded 6\/6 files, /m)
    expect(result.stderr).not.toContain('\u001b[')
  })

  it('keeps a site private unless --public, which makes its name, keywords and file names findable', async () => {
    const quiet = jsonOf(await publish('--json'))
    expect(quiet.public).toBe(false)
    await cairn.service.node.search.indexed()
    expect(await search(cairn, { q: 'teal' })).toEqual([])

    const result = await publish('--json', '--public', '--keywords', 'teal,stylesheet', '--description', 'A small test site')
    expect(result.code, result.stderr).toBe(0)
    const out = jsonOf(result)
    expect(out).toMatchObject({ cid: quiet.cid, public: true })
    await cairn.service.node.search.indexed()
    expect((await search(cairn, { q: 'stylesheet' })).map(r => [r.cid, r.name])).toEqual([[out.cid, 'my-site']])
    expect((await search(cairn, { q: 'site css' })).map(r => r.path)).toEqual(['css/site.css'])
  })
})
