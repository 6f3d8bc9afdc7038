import { extract } from 'it-tar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { gateway, importFixture } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Every entry of a tar body: name to content (directories map to null). */
async function untar (res: Response): Promise<Map<string, string | null>> {
  const entries = new Map<string, string | null>()
  const body = new Uint8Array(await res.arrayBuffer())
  for await (const entry of extract()([body])) {
    const chunks: Uint8Array[] = []
    for await (const chunk of entry.body) {
      chunks.push(chunk.subarray())
    }
    entries.set(entry.header.name, entry.header.type === 'directory' ? null : Buffer.concat(chunks).toString())
  }
  return entries
}

// path_gateway_tar: ?format=tar and Accept: application/x-tar (IPIP-288)
describe('path gateway: tar', () => {
  let cairn: TestCairn
  let dir: string
  let inside: string
  let outside: string
  const file = 'bafkreialihlqnf5uwo4byh4n3cmwlntwqzxxs2fg5vanqdi3d7tb2l5xkm'
  const text = 'I am a txt file on path with utf8\n'

  beforeAll(async () => {
    cairn = await startCairn()
    dir = String((await importFixture(cairn, 'path_gateway_tar/fixtures.car'))[0])
    inside = String((await importFixture(cairn, 'path_gateway_tar/inside-root.car'))[0])
    outside = String((await importFixture(cairn, 'path_gateway_tar/outside-root.car'))[0])
  })
  afterAll(async () => { await cairn.stop() })

  it('sends a file as a tar named after its CID, with a weak Etag, by ?format= or Accept', async () => {
    for (const [query, headers] of [['?format=tar', {}], ['', { accept: 'application/x-tar' }]] as const) {
      const res = await gateway(cairn, `/ipfs/${file}${query}`, { headers })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/x-tar')
      expect(res.headers.get('etag')).toBe(`W/"${file}.x-tar"`)
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}.tar"`)
      expect(await untar(res)).toEqual(new Map([[file, text]]))
    }
  })

  it('sends a tree under a top directory named after the CID, or the last path segment', async () => {
    const whole = await untar(await gateway(cairn, `/ipfs/${dir}?format=tar`))
    expect(whole.get(`${dir}/ą/ę/file-źł.txt`)).toBe(text)
    expect(whole.get(`${dir}/api`)).toBeNull()
    const sub = await untar(await gateway(cairn, `/ipfs/${dir}/ą?format=tar`))
    expect([...sub.keys()]).toEqual(['ą', 'ą/ę', 'ą/ę/file-źł.txt'])
  })

  it('names the attachment after ?filename=, in ASCII and UTF-8', async () => {
    const res = await gateway(cairn, `/ipfs/${dir}?format=tar&filename=${encodeURIComponent('testтест.tar')}`)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="test____.tar"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.tar`)
    await res.arrayBuffer()
  })

  it('normalises relative names that stay inside the root', async () => {
    const entries = await untar(await gateway(cairn, `/ipfs/${inside}?format=tar`))
    expect(entries.has(`${inside}/foobar/file`)).toBe(true)
  })

  it('refuses names that would leave the root', async () => {
    const res = await gateway(cairn, `/ipfs/${outside}?format=tar`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('relative UnixFS paths outside the root are now allowed')
  })

  it('refuses a tar of content that is not UnixFS', async () => {
    const dagCbor = String((await importFixture(cairn, 'path_gateway_dag/dag-cbor-traversal.car'))[0])
    expect((await gateway(cairn, `/ipfs/${dagCbor}?format=tar`)).status).toBe(400)
  })

  it('answers 304 for the weak Etag', async () => {
    const res = await gateway(cairn, `/ipfs/${file}?format=tar`, { headers: { 'if-none-match': `W/"${file}.x-tar"` } })
    expect(res.status).toBe(304)
  })
})
