import { randomBytes } from 'node:crypto'
import { unixfs } from '@helia/unixfs'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { startPlainHelia } from './fixtures/plain-helia.ts'
import type { TestCairn } from './fixtures/cairn.ts'

type PlainHelia = Awaited<ReturnType<typeof startPlainHelia>>

async function collect (source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  for await (const chunk of source) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

describe('a plain Helia 7 node and Cairn', () => {
  let cairn: TestCairn | undefined
  let helia: PlainHelia | undefined
  afterEach(async () => {
    await stopAll([cairn])
    await helia?.stop()
    cairn = undefined
    helia = undefined
  })

  it('exchange content over bitswap, both ways', async () => {
    helia = await startPlainHelia()
    const heliaAddress = `${helia.libp2p.getMultiaddrs()[0]!.toString()}`
    cairn = await startCairn({ env: { CAIRN_PEERS: heliaAddress } })
    expect(helia.libp2p.getPeers().map(String)).toEqual([cairn.service.node.helia.libp2p.peerId.toString()])

    const fromCairn = randomBytes(900_000)
    const added = await cairn.kubo.add(fromCairn)
    const got = await collect(unixfs(helia).cat(added.cid, { signal: AbortSignal.timeout(10_000) }))
    expect(Buffer.compare(got, fromCairn)).toBe(0)

    const fromHelia = randomBytes(900_000)
    const cid = await unixfs(helia).addBytes(fromHelia)
    expect(await cairn.service.node.helia.blockstore.has(cid)).toBe(false)
    const res = await fetch(`${cairn.gatewayUrl}/ipfs/${cid.toString()}`)
    expect(res.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), fromHelia)).toBe(0)
    expect(multiaddr(heliaAddress).getComponents()[0]?.value).toBe('127.0.0.1')
  })
})
