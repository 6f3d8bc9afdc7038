import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HEADERS_TIMEOUT_MS, MAX_JSON_BODY_BYTES } from '../src/constants.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const IDLE_MS = 1000
const BOUNDARY = 'cairn-slow-upload'

interface Outcome {
  status?: number
  body?: string
  /** The connection ended without an answer. */
  closed?: boolean
}

/**
 * Streams a one-file multipart upload to `add`, one chunk every `everyMs`
 * for `chunks` chunks, after an optional pause of `stallMs` in the middle.
 */
async function dripUpload (cairn: TestCairn, options: { chunks: number, everyMs: number, stallMs?: number }): Promise<Outcome> {
  const url = new URL(`${cairn.apiUrl}/api/v0/add?pin-name=drip`)
  return new Promise((resolve) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...cairn.auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'transfer-encoding': 'chunked' }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => { resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }) })
      res.on('error', () => { resolve({ closed: true }) })
    })
    req.on('error', () => { resolve({ closed: true }) })
    void (async () => {
      req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="drip.txt"\r\nContent-Type: application/octet-stream\r\n\r\n`)
      for (let i = 0; i < options.chunks; i++) {
        if (req.destroyed) {
          return
        }
        if (options.stallMs != null && i === Math.floor(options.chunks / 2)) {
          await sleep(options.stallMs)
        }
        req.write(`drip ${i}\n`)
        await sleep(options.everyMs)
      }
      req.end(`\r\n--${BOUNDARY}--\r\n`)
    })()
  })
}

describe('API bodies: no total cap on uploads, an idle cap, bounded JSON and multipart', () => {
  let cairn: TestCairn

  beforeAll(async () => { cairn = await startCairn({ env: { CAIRN_API_IDLE_TIMEOUT_MS: String(IDLE_MS) } }) })
  afterAll(async () => { await cairn.stop() })

  it('turns off Node\'s 300 s cap on a request and keeps headers bounded', () => {
    for (const server of [cairn.service.servers.api, cairn.service.servers.gateway]) {
      expect(server.requestTimeout).toBe(0)
      expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS)
    }
  })

  it('takes an upload that streams for several idle periods, as long as bytes keep coming', async () => {
    const started = Date.now()
    const outcome = await dripUpload(cairn, { chunks: 12, everyMs: 300 })
    expect(Date.now() - started).toBeGreaterThan(3 * IDLE_MS)
    expect(outcome.status).toBe(200)
    const { Hash } = JSON.parse(outcome.body ?? '{}') as { Hash: string }
    expect(await (await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}`)).text()).toBe(Array.from({ length: 12 }, (_, i) => `drip ${i}\n`).join(''))
  })

  it('ends an upload whose body stops arriving, and pins nothing of it', async () => {
    const before = (await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))).length
    const outcome = await dripUpload(cairn, { chunks: 4, everyMs: 50, stallMs: 3 * IDLE_MS })
    expect(outcome.closed).toBe(true)
    expect((await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))).length).toBe(before)
    expect((await cairn.kubo.id()).id).toBeDefined()
  })

  it('refuses a JSON body over 1 MiB with 413, whether its length is declared or not', async () => {
    const big = JSON.stringify({ value: 'x'.repeat(MAX_JSON_BODY_BYTES) })
    const declared = await fetch(`${cairn.apiUrl}/api/v1/names`, { method: 'POST', headers: { ...cairn.auth, 'content-type': 'application/json' }, body: big })
    expect(declared.status).toBe(413)
    expect((await declared.json()).error.message).toMatch(/limited to 1048576 bytes/)

    const streamed = new ReadableStream<Uint8Array>({
      start (controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      }
    })
    const chunked = await fetch(`${cairn.apiUrl}/pins`, { method: 'POST', headers: { ...cairn.auth, 'content-type': 'application/json' }, body: streamed, duplex: 'half' } as RequestInit)
    expect(chunked.status).toBe(413)
  })

  it('bounds multipart fields: too many, or one too large, is a 413 and never a crash', async () => {
    const many = new FormData()
    for (let i = 0; i < 1001; i++) {
      many.append(`note-${i}`, 'x')
    }
    many.append('file', new Blob(['after the fields']), 'a.txt')
    const tooMany = await fetch(`${cairn.apiUrl}/api/v0/add`, { method: 'POST', headers: cairn.auth, body: many })
    expect(tooMany.status).toBe(413)
    expect((await tooMany.json()).Message).toMatch(/more than 1000 non-file fields/)

    const large = new FormData()
    large.append('note', 'y'.repeat(70_000))
    large.append('file', new Blob(['after a large field']), 'b.txt')
    const tooLarge = await fetch(`${cairn.apiUrl}/api/v0/add`, { method: 'POST', headers: cairn.auth, body: large })
    expect(tooLarge.status).toBe(413)
    expect((await tooLarge.json()).Message).toMatch(/field "note" is larger than 65536 bytes/)
    expect((await cairn.kubo.id()).id).toBeDefined()
  })
})
