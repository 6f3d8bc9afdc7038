import { randomBytes } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { addFolder, indexed, pinAdd, search } from './fixtures/search.ts'
import { SEARCH_PROTOCOL, idOf, searchEvents, shape } from './fixtures/search-swarm.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const encoder = new TextEncoder()

/** A query as the protocol frames it, written by hand (not by the code under test). */
function query (overrides: Record<string, unknown> = {}): Uint8Array {
  return encoder.encode(JSON.stringify({ type: 'query', id: randomBytes(16).toString('base64url'), terms: ['windmill'], hops: 1, limit: 10, timeoutMs: 2000, ...overrides }))
}

describe('search under abuse: honest H – victim V – attacker A', () => {
  let honest: TestCairn
  let victim: TestCairn
  let attacker: TestCairn

  const libp2p = (node: TestCairn) => node.service.node.helia.libp2p
  /** Opens a raw search stream from the attacker to the victim. */
  const open = async () => lpStream(await libp2p(attacker).dialProtocol(libp2p(victim).peerId, SEARCH_PROTOCOL), { maxDataLength: 1_000_000 })

  beforeEach(async () => {
    victim = await startCairn({ env: { CAIRN_SEARCH_RELAY_RATE: '3' } })
    honest = await startCairn({ env: { CAIRN_PEERS: victim.peerAddress } })
    attacker = await startCairn({ env: { CAIRN_PEERS: victim.peerAddress } })
    await shape([honest, victim, attacker], [[0, 1], [1, 2]])
    const root = await addFolder(victim, { 'windmill.txt': 'sails' })
    await pinAdd(victim, root, { public: 'true' })
    await indexed(victim)
  })
  afterEach(async () => { await stopAll([honest, victim, attacker]) })

  it('drops malformed, oversized and out-of-bounds messages with a strike, and keeps answering', async () => {
    const bad = [
      encoder.encode('not json at all'),
      new Uint8Array(100_000),
      query({ hops: 99 }),
      query({ terms: ['x'.repeat(5000)] }),
      encoder.encode(JSON.stringify({ type: 'hits', hits: [] }))
    ]
    for (const message of bad) {
      const stream = await open()
      await stream.write(message)
      await expect(stream.read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    }
    await expect.poll(async () => searchEvents(victim, 'malformed')).toBe(bad.length)

    // a well-formed query on the same connection still gets its answer
    const stream = await open()
    await stream.write(query())
    const answer = JSON.parse(new TextDecoder().decode((await stream.read()).subarray())) as { type: string, hits: Array<{ path: string, peer: string }> }
    expect(answer.type).toBe('hits')
    expect(answer.hits.map(h => [h.path, h.peer])).toEqual([['windmill.txt', idOf(victim)]])
    expect(JSON.parse(new TextDecoder().decode((await stream.read()).subarray()))).toEqual({ type: 'done' })
    expect(libp2p(victim).getConnections(libp2p(attacker).peerId)).not.toHaveLength(0)
  })

  it('drops a relayed answer that breaks the bounds, and still answers the asker', async () => {
    // the attacker answers every search with more hits than asked for, in junk
    await libp2p(attacker).handle(SEARCH_PROTOCOL, async (stream) => {
      const lp = lpStream(stream)
      await lp.read()
      await lp.write(encoder.encode(JSON.stringify({ type: 'hits', hits: Array.from({ length: 16 }, () => ({ cid: 'junk' })) })))
      await lp.write(new Uint8Array(200_000))
    }, { force: true })
    const found = await search(honest, { q: 'windmill', hops: '3', via: 'flood', timeout: '3000' })
    expect(found.map(r => [r.path, r.via])).toEqual([['windmill.txt', { hops: 1 }]])
    await expect.poll(async () => searchEvents(victim, 'malformed')).toBeGreaterThanOrEqual(1)
  })

  it('disconnects a peer that floods it with queries, and refuses its streams', async () => {
    let cut = false
    libp2p(victim).addEventListener('peer:disconnect', (event) => { cut ||= event.detail.equals(libp2p(attacker).peerId) })
    // far more queries than 4 × the 3 per second allowed: each one over that is a strike
    for (let wave = 0; wave < 4 && !cut; wave++) {
      await Promise.allSettled(Array.from({ length: 12 }, async () => {
        const stream = await open()
        try {
          await stream.write(query())
          await stream.read({ signal: AbortSignal.timeout(5000) })
        } finally {
          stream.unwrap().abort(new Error('done flooding'))
        }
      }))
    }
    await expect.poll(() => cut).toBe(true)
    expect(await searchEvents(victim, 'rate-limited')).toBeGreaterThan(0)
    expect(await searchEvents(victim, 'disconnected')).toBe(1)

    // back again (it keeps the victim as a configured peer): its search streams are cut at once
    await libp2p(attacker).dial(libp2p(victim).getMultiaddrs()).catch(() => {})
    const again = await open().catch((err: Error) => err)
    if (!(again instanceof Error)) {
      await again.write(query()).catch(() => {})
      await expect(again.read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    }
    expect(await searchEvents(victim, 'banned')).toBeGreaterThan(0)

    // the honest neighbour is still answered
    expect((await search(honest, { q: 'windmill', hops: '1', via: 'flood' })).map(r => r.path)).toEqual(['windmill.txt'])
  })
})
