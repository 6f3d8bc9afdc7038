import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** A CID no node has: with no peers, Cairn would wait CAIRN_FETCH_TIMEOUT_MS (3 s in tests) for it. */
async function nobodysCid (): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(randomBytes(32)))
}

describe('the global timeout argument', () => {
  let cairn: TestCairn
  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const post = async (command: string, query: string): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/${command}?${query}`, { method: 'POST', headers: cairn.auth })

  it.each(['cat', 'get', 'ls', 'block/get', 'block/stat', 'dag/get'])('stops %s at the deadline with Kubo\'s error', async (command) => {
    const started = Date.now()
    const res = await post(command, `arg=${(await nobodysCid()).toString()}&timeout=300ms`)
    const elapsed = Date.now() - started
    expect(res.status).toBe(504)
    expect(await res.json()).toEqual({ Message: 'context deadline exceeded', Code: 0, Type: 'error' })
    expect(elapsed).toBeGreaterThanOrEqual(250)
    expect(elapsed).toBeLessThan(2000)
  })

  it('reaches kubo-rpc-client as its TimeoutError', async () => {
    const cid = await nobodysCid()
    await expect(Array.fromAsync(cairn.kubo.cat(cid, { searchParams: { timeout: '200ms' } } as never)))
      .rejects.toMatchObject({ name: 'TimeoutError', message: 'context deadline exceeded' })
    await expect(cairn.kubo.block.stat(cid, { searchParams: { timeout: '0.2s' } } as never))
      .rejects.toMatchObject({ name: 'TimeoutError', message: 'context deadline exceeded' })
  })

  it('lets a command that finishes in time answer as usual', async () => {
    const { cid } = await cairn.kubo.add('in time')
    const bytes = Buffer.concat(await Array.fromAsync(cairn.kubo.cat(cid, { searchParams: { timeout: '1m' } } as never)))
    expect(bytes.toString()).toBe('in time')
    const res = await post('block/stat', `arg=${cid.toString()}&timeout=10s`)
    expect(await res.json()).toEqual({ Key: cid.toString(), Size: (await cairn.kubo.block.stat(cid)).size })
  })

  it('refuses a timeout that is not a Go duration', async () => {
    const res = await post('cat', 'arg=bafkqaaa&timeout=ten')
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(/invalid timeout "ten"/)
  })
})
