import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

// dir_listing and gateway-cache fixtures: directory redirects, index.html, listings, their Etags and caching
describe('path gateway: UnixFS directories', () => {
  let cairn: TestCairn
  let listing: string
  let cache: string
  let hamt: string
  const file = 'bafkreialihlqnf5uwo4byh4n3cmwlntwqzxxs2fg5vanqdi3d7tb2l5xkm'
  const roots = ['bafybeih2w7hjocxjg6g2ku25hvmd53zj7og4txpby3vsusfefw5rrg5sii', 'bafybeiawdvhmjcz65x5egzx4iukxc72hg4woks6v6fvgyupiyt3oczk5ja', 'bafybeifq2rzpqnqrsdupncmkmhs3ckxxjhuvdcbvydkgvch3ms24k5lo7q']
  const indexHtml = 'bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am'

  beforeAll(async () => {
    cairn = await startCairn()
    listing = String((await importFixture(cairn, 'dir_listing/fixtures.car'))[0])
    cache = String((await importFixture(cairn, 'gateway-cache/fixtures.car'))[0])
    hamt = String((await importFixture(cairn, 'trustless_gateway_car/single-layer-hamt-with-multi-block-files.car'))[0])
  })
  afterAll(async () => { await cairn.stop() })

  it('redirects a directory without its trailing slash, percent-encoding the path', async () => {
    const res = await gateway(cairn, `/ipfs/${listing}/ą/ę?x=1`)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`/ipfs/${listing}/%C4%85/%C4%99/?x=1`)
    // escapes are kept as the client wrote them
    const lower = await gateway(cairn, `/ipfs/${listing}/%c4%85/%c4%99`)
    expect(lower.headers.get('location')).toBe(`/ipfs/${listing}/%c4%85/%c4%99/`)
  })

  it('lists a directory with breadcrumbs, a parent link, entry links and CID links', async () => {
    const res = await gateway(cairn, `/ipfs/${listing}/ą/ę/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('etag')).toMatch(new RegExp(`^"DirIndex-[0-9A-F]+_CID-bafybeih24awytf2cmnuycs4nslllfrdzhd6yliyzgd7mxwuxcgv2gm5mda"$`))
    const html = await res.text()
    expect(html).toContain('Index of')
    expect(html).toContain(`/ipfs/<a href="/ipfs/${listing}">${listing}</a>/<a href="/ipfs/${listing}/%C4%85">ą</a>/<a href="/ipfs/${listing}/%C4%85/%C4%99">ę</a>`)
    expect(html).toContain(`<a href="/ipfs/${listing}/%C4%85/%C4%99/..">..</a>`)
    expect(html).toContain(`<a href="/ipfs/${listing}/%C4%85/%C4%99/file-%C5%BA%C5%82.txt">file-źł.txt</a>`)
    expect(html).toContain(`<a class="ipfs-hash" translate="no" href="/ipfs/${file}?filename=file-%C5%BA%C5%82.txt">`)
  })

  it('hides the parent link at the root and marks local subdirectories', async () => {
    const html = await (await gateway(cairn, `/ipfs/${listing}/`)).text()
    expect(html).toContain('Index of')
    expect(html).not.toContain(`<a href="/ipfs/${listing}/">..</a>`)
    expect(html).not.toContain('>..</a>')
    expect(html).toContain(`<a href="/ipfs/${listing}/api">api</a>`)
  })

  it('answers 404 for a name the directory does not hold', async () => {
    expect((await gateway(cairn, `/ipfs/${listing}/i-do-not-exist`)).status).toBe(404)
  })

  it('serves a listing with its roots, X-Ipfs-Path and generated-page caching', async () => {
    const res = await gateway(cairn, `/ipfs/${cache}/root2/root3/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-ipfs-path')).toBe(`/ipfs/${cache}/root2/root3/`)
    expect(res.headers.get('x-ipfs-roots')).toBe([cache, roots[0], roots[1]].join(','))
    expect(res.headers.get('etag')).toMatch(new RegExp(`DirIndex-.*_CID-${roots[1]}`))
    expect(res.headers.get('cache-control')).toBe('public, max-age=604800, stale-while-revalidate=2678400')
  })

  it('serves index.html for a directory that has one, with the directory\'s Etag and roots', async () => {
    const res = await gateway(cairn, `/ipfs/${cache}/root2/root3/root4/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable')
    expect(res.headers.get('x-ipfs-roots')).toBe([cache, ...roots].join(','))
    expect(res.headers.get('etag')).toBe(`"${roots[2]}"`)

    const file = await gateway(cairn, `/ipfs/${cache}/root2/root3/root4/index.html`)
    expect(file.headers.get('x-ipfs-roots')).toBe([cache, ...roots, indexHtml].join(','))
    expect(file.headers.get('etag')).toBe(`"${indexHtml}"`)
  })

  it('answers 304 for a directory or listing whose Etag the client has', async () => {
    const first = await gateway(cairn, `/ipfs/${cache}/root2/root3/`)
    const dirIndex = first.headers.get('etag') ?? ''
    await first.arrayBuffer()
    for (const [path, tag] of [
      ['root2/root3/root4/', `"${roots[2]}"`],
      ['root2/root3/', dirIndex],
      ['root2/root3/', `W/${dirIndex}`],
      ['root2/root3/', `W/"${roots[1]}"`]
    ]) {
      const res = await gateway(cairn, `/ipfs/${cache}/${path}`, { headers: { 'if-none-match': tag ?? '' } })
      expect(res.status, `${path} ${tag}`).toBe(304)
    }
  })

  it('lists a HAMT-sharded directory whole, and serves its entries', async () => {
    const html = await (await gateway(cairn, `/ipfs/${hamt}/`)).text()
    const names = [...html.matchAll(/<td class="name">.*?<a href="[^"]+">([^<]+)<\/a>/g)].map(m => m[1])
    expect(names).toHaveLength(1000)
    expect(names).toContain('1.txt')
    expect(names).toContain('999.txt')
    const entry = await gateway(cairn, `/ipfs/${hamt}/686.txt`)
    expect(entry.status).toBe(200)
    expect((await entry.arrayBuffer()).byteLength).toBe(1026)
  })
})
