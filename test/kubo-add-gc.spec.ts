import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('add beside garbage collection and pin names', () => {
  let cairn: TestCairn
  beforeEach(async () => { cairn = await startCairn() })
  afterEach(async () => { await cairn.stop() })

  it('never lets repo gc sweep the blocks of an upload still in flight', async () => {
    // the importer writes leaves ten at a time: send enough for a first batch to land
    const first = randomBytes(3_500_000)
    const rest = randomBytes(1_500_000)
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    const boundary = 'gc-race'
    const enc = new TextEncoder()
    let step = 0
    const body = new ReadableStream<Uint8Array>({
      async pull (controller) {
        step++
        if (step === 1) controller.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n\r\n`))
        else if (step === 2) controller.enqueue(first)
        else if (step === 3) { await held; controller.enqueue(rest) } else if (step === 4) controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`))
        else controller.close()
      }
    })
    const upload = fetch(`${cairn.apiUrl}/api/v0/add?cid-version=1`, {
      method: 'POST',
      headers: { ...cairn.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half'
    } as RequestInit)

    // let the first blocks reach the blockstore, then collect garbage while the upload waits
    await new Promise(resolve => setTimeout(resolve, 500))
    const gc = Array.fromAsync(cairn.kubo.repo.gc())
    await new Promise(resolve => setTimeout(resolve, 300))
    release()

    const { Hash } = await (await upload).json() as { Hash: string }
    const removed = await gc
    expect(removed.every(r => r.err == null)).toBe(true)
    const bytes = Buffer.concat(await Array.fromAsync(cairn.kubo.cat(Hash)))
    expect(Buffer.compare(bytes, Buffer.concat([first, rest]))).toBe(0)
  })

  it('names the pin with pin-name', async () => {
    const added = await cairn.kubo.add('named content', { pinName: 'release-1.0' } as never)
    const pins = await Array.fromAsync(cairn.kubo.pin.ls({ paths: added.cid, name: 'release-1.0' }))
    expect(pins.map(p => [p.cid.toString(), p.name])).toEqual([[added.cid.toString(), 'release-1.0']])
  })

  it('pins every top-level file of one add, files that share blocks included, and each keeps its blocks when another goes', async () => {
    const chunk = randomBytes(262_144)
    const files = [
      ...Array.from({ length: 30 }, (_, i) => ({ path: `own-${i}.bin`, content: randomBytes(64) })),
      // the same bytes twice, and a file whose first chunk is a file of its own
      { path: 'twin-a.bin', content: new Uint8Array(chunk) },
      { path: 'twin-b.bin', content: new Uint8Array(chunk) },
      { path: 'holds-the-chunk.bin', content: Buffer.concat([chunk, randomBytes(1000)]) }
    ]
    const added = await Array.fromAsync(cairn.kubo.addAll(files, { cidVersion: 1, rawLeaves: true }))
    expect(added).toHaveLength(files.length)
    const recursive = new Set<string>()
    for await (const pin of cairn.kubo.pin.ls({ type: 'recursive' })) {
      recursive.add(pin.cid.toString())
    }
    expect([...recursive].sort()).toEqual([...new Set(added.map(a => a.cid.toString()))].sort())

    // the chunk is its own pin and a block of another: it stays while either holds it
    const twin = added.find(a => a.path === 'twin-a.bin')!.cid
    const holder = added.find(a => a.path === 'holds-the-chunk.bin')!.cid
    await cairn.kubo.pin.rm(twin)
    await Array.fromAsync(cairn.kubo.repo.gc())
    expect(Buffer.concat(await Array.fromAsync(cairn.kubo.cat(holder))).subarray(0, chunk.length).equals(chunk)).toBe(true)
    await cairn.kubo.pin.rm(holder)
    await Array.fromAsync(cairn.kubo.repo.gc())
    expect(await cairn.service.node.localBlocks.has(twin)).toBe(false)
    for (const own of added.filter(a => a.path.startsWith('own-'))) {
      expect(await cairn.service.node.helia.pins.isPinned(own.cid)).toBe(true)
    }
  })
})
