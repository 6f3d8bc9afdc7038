import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { globSource } from 'kubo-rpc-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** A multipart body with parts named exactly as given, as a hostile client could send. */
function rawMultipart (filenames: string[]): { body: string, headers: Record<string, string> } {
  const boundary = 'cairn-test-boundary'
  const body = filenames.map(name => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n`).join('') + `--${boundary}--\r\n`
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('add: absolute upload paths are taken relative to the upload root', () => {
  let cairn: TestCairn
  let dir: string
  beforeAll(async () => {
    cairn = await startCairn()
    dir = await mkdtemp(join(tmpdir(), 'cairn-glob-'))
    await mkdir(join(dir, 'site', 'css'), { recursive: true })
    await mkdir(join(dir, 'site', 'empty'))
    await writeFile(join(dir, 'site', 'index.html'), '<h1>hello</h1>')
    await writeFile(join(dir, 'site', 'css', 'style.css'), 'h1 { color: red }')
  })
  afterAll(async () => {
    await cairn.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('adds a directory from the file system with globSource, as the same tree sent with relative paths', async () => {
    const globbed = await Array.fromAsync(cairn.kubo.addAll(globSource(dir, 'site/**/*'), { cidVersion: 1 }))
    const relative = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'site/css/style.css', content: new TextEncoder().encode('h1 { color: red }') },
      { path: 'site/index.html', content: new TextEncoder().encode('<h1>hello</h1>') },
      { path: 'site/empty' }
    ], { cidVersion: 1 }))
    const root = globbed.find(entry => entry.path === 'site')
    expect(root).toBeDefined()
    expect(root?.cid.toString()).toBe(relative.find(entry => entry.path === 'site')?.cid.toString())
    expect(globbed.map(entry => entry.path).toSorted()).toEqual(['site', 'site/css', 'site/css/style.css', 'site/empty', 'site/index.html'])
    const css = Buffer.concat(await Array.fromAsync(cairn.kubo.cat(`/ipfs/${root?.cid.toString()}/css/style.css`)))
    expect(css.toString()).toBe('h1 { color: red }')
    expect(await cairn.service.node.helia.pins.isPinned(root!.cid)).toBe(true)
  })

  it('adds absolute paths sent by addAll', async () => {
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: '/docs/a.txt', content: new TextEncoder().encode('a') },
      { path: '/docs/b.txt', content: new TextEncoder().encode('b') }
    ]))
    expect(added.map(entry => entry.path)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs'])
    const b = Buffer.concat(await Array.fromAsync(cairn.kubo.cat(`${added.at(-1)?.cid.toString()}/b.txt`)))
    expect(b.toString()).toBe('b')
  })

  it.each([
    ['a parent segment after the root', '/../etc/passwd', /"\.\." segment/],
    ['a doubled leading slash', '//etc/passwd', /empty segment/],
    ['an empty segment', '/site//x', /empty segment/]
  ])('still refuses %s', async (_what, filename, message) => {
    const multipart = rawMultipart(['ok.txt', filename])
    const res = await fetch(`${cairn.apiUrl}/api/v0/add`, { method: 'POST', body: multipart.body, headers: { ...cairn.auth, ...multipart.headers } })
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(message)
  })
})
