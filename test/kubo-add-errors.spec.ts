import { afterEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** A multipart body with parts named exactly as given, as a hostile client could send. */
function rawMultipart (parts: Array<{ filename: string, type?: string, body?: string }>): { body: string, headers: Record<string, string> } {
  const boundary = 'cairn-test-boundary'
  const body = parts.map(p => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(p.filename)}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n${p.body ?? ''}\r\n`).join('') + `--${boundary}--\r\n`
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function pinCount (cairn: TestCairn): Promise<number> {
  return (await Array.fromAsync(cairn.service.node.helia.pins.ls())).length
}

describe('add refuses bad input with a 4xx and leaves no pin behind', () => {
  let cairn: TestCairn | undefined
  afterEach(async () => { await cairn?.stop() })

  const post = async (query: string, multipart: { body: string, headers: Record<string, string> }): Promise<Response> => {
    if (cairn == null) throw new Error('no node')
    return fetch(`${cairn.apiUrl}/api/v0/add${query}`, { method: 'POST', body: multipart.body, headers: { ...cairn.auth, ...multipart.headers } })
  }

  it.each([
    ['a parent segment', 'site/../../etc/passwd', /"\.\." segment/],
    ['a parent segment below an absolute root', '/site/../../etc/passwd', /"\.\." segment/],
    ['an empty segment', 'site//x', /empty segment/]
  ])('refuses a path with %s', async (_what, filename, message) => {
    cairn = await startCairn()
    const before = await pinCount(cairn)
    const res = await post('', rawMultipart([
      { filename: 'site', type: 'application/x-directory' },
      { filename: 'site/ok.txt', body: 'fine' },
      { filename, body: 'escape' }
    ]))
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(message)
    expect(await pinCount(cairn)).toBe(before)
  })

  it('refuses an unknown chunker and an unsupported hash', async () => {
    cairn = await startCairn()
    const one = rawMultipart([{ filename: 'a.txt', body: 'x' }])
    expect((await post('?chunker=buzhash-9', one)).status).toBe(400)
    const hash = await post('?hash=md5', rawMultipart([{ filename: 'a.txt', body: 'x' }]))
    expect(hash.status).toBe(400)
    expect((await hash.json()).Message).toMatch(/unsupported hash/)
  })

  it('enforces the upload size, part count and path depth limits (413)', async () => {
    cairn = await startCairn({ env: { CAIRN_MAX_UPLOAD_BYTES: '100', CAIRN_MAX_PARTS: '3', CAIRN_MAX_PATH_DEPTH: '2' } })
    const big = await post('', rawMultipart([{ filename: 'big', body: 'x'.repeat(101) }]))
    expect(big.status).toBe(413)
    const many = await post('', rawMultipart([1, 2, 3, 4].map(n => ({ filename: `d/${n}`, body: 'x' }))))
    expect(many.status).toBe(413)
    const deep = await post('', rawMultipart([{ filename: 'a/b/c', body: 'x' }]))
    expect(deep.status).toBe(413)
    expect(await pinCount(cairn)).toBe(0)
    expect((await cairn.kubo.add('still serving')).cid).toBeDefined()
  })
})
