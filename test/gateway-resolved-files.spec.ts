import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { gateway } from './fixtures/gateway.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Headers that differ between any two answers. */
const PER_ANSWER = new Set(['date', 'x-request-id', 'keep-alive', 'connection'])

async function answer (cairn: TestCairn, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number, headers: Record<string, string>, body: string }> {
  const res = await gateway(cairn, path, { method, headers })
  const kept = Object.fromEntries([...res.headers].filter(([name]) => !PER_ANSWER.has(name)))
  return { status: res.status, headers: kept, body: Buffer.from(await res.arrayBuffer()).toString('base64') }
}

// the gateway remembers what a content path resolved to: a remembered answer must be the answer
describe('gateway: remembered content paths', () => {
  let cairn: TestCairn
  let dir: string
  const files: Record<string, Buffer<ArrayBuffer>> = {
    'page.html': Buffer.from('<!doctype html><p>hi</p>'),
    'no-extension': Buffer.from('{"a": [1, 2]}'),
    'sub/big.bin': randomBytes(5000)
  }

  beforeAll(async () => {
    cairn = await startCairn()
    const form = new FormData()
    for (const [name, bytes] of Object.entries(files)) {
      form.append('file', new Blob([bytes]), encodeURIComponent(name))
    }
    const res = await fetch(`${cairn.apiUrl}/api/v0/add?wrap-with-directory=true&chunker=size-1024&pin=false`, { method: 'POST', headers: cairn.auth, body: form })
    const lines = (await res.text()).trim().split('\n').map(line => JSON.parse(line) as { Name: string, Hash: string })
    dir = lines.find(line => line.Name === '')?.Hash ?? ''
    expect(dir).not.toBe('')
  })
  afterAll(async () => { await cairn.stop() })

  it('answers a second request for a file exactly as the first: GET, HEAD, ranges, 304, ?filename=', async () => {
    const raw = (await cairn.kubo.add(randomBytes(300), { cidVersion: 1, rawLeaves: true })).cid.toString()
    const paths = [`/ipfs/${dir}/page.html`, `/ipfs/${dir}/no-extension`, `/ipfs/${dir}/sub/big.bin`, `/ipfs/${raw}`]
    const variants: Array<[Record<string, string>, string?]> = [
      [{}], [{}, 'HEAD'], [{ range: 'bytes=3-1500' }], [{ range: 'bytes=0-1,-2' }], [{ 'if-none-match': '*' }], [{ accept: 'text/html' }]
    ]
    for (const path of [...paths, `/ipfs/${dir}/sub/big.bin?filename=x.txt&download=true`]) {
      for (const [headers, method] of variants) {
        const first = await answer(cairn, path, headers, method)
        const second = await answer(cairn, path, headers, method)
        expect(first.status, `${path} ${JSON.stringify(headers)}`).toBeLessThan(400)
        if (headers.range?.includes(',') === true) {
          // multipart boundaries are random: compare all but the boundary
          const strip = (a: typeof first): unknown => ({ ...a, headers: { ...a.headers, 'content-type': a.headers['content-type']?.split(';')[0] }, body: '' })
          expect(strip(second)).toEqual(strip(first))
          continue
        }
        expect(second, `${path} ${JSON.stringify(headers)} ${method ?? 'GET'}`).toEqual(first)
      }
    }
    expect((await answer(cairn, `/ipfs/${dir}/no-extension`)).headers['content-type']).toBe('application/json')
  })

  it('keeps a path with an encoded slash apart from the path it spells', async () => {
    expect((await answer(cairn, `/ipfs/${dir}/sub/big.bin`)).status).toBe(200)
    expect((await answer(cairn, `/ipfs/${dir}/sub%2Fbig.bin`)).status).toBe(404)
  })

  it('still reads the blocks: a file whose block was removed is not served from memory', async () => {
    const added = await cairn.kubo.add(randomBytes(200), { cidVersion: 1, rawLeaves: true, pin: false })
    const path = `/ipfs/${added.cid.toString()}`
    expect((await answer(cairn, path)).status).toBe(200)
    await Array.fromAsync(cairn.kubo.block.rm(CID.parse(added.cid.toString())))
    expect((await answer(cairn, path, { 'cache-control': 'only-if-cached' })).status).toBe(412)
  })
})
