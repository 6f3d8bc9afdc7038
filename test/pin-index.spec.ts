import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { keptDataDirs, startCairn } from './fixtures/cairn.ts'
import { dagBlocks } from './fixtures/pins.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const CHUNK = 262_144

async function listing (cairn: TestCairn, type?: 'recursive' | 'direct' | 'indirect'): Promise<Record<string, string>> {
  const pins: Record<string, string> = {}
  for await (const pin of cairn.kubo.pin.ls({ type })) {
    pins[pin.cid.toString()] = pin.type
  }
  return pins
}

/**
 * Pins are listed from an index kept in memory (src/pins/pin-index.ts), read
 * from the pin records once and then following every change: what it lists
 * must be what the records say, before and after a restart.
 */
describe('the pin index', () => {
  const dirs = keptDataDirs()
  let cairn: TestCairn | undefined
  afterEach(async () => {
    await cairn?.stop()
    cairn = undefined
    await dirs.removeAll()
  })

  it('lists what the records hold, CIDs as pinned, through changes and a restart', async () => {
    const dataDir = await dirs.make()
    cairn = await startCairn({ dataDir })
    // a CIDv0 DAG of three blocks, a CIDv1 single block, and a direct pin
    const big = await cairn.kubo.add(randomBytes(2 * CHUNK + 7))
    const [, ...leaves] = await dagBlocks(cairn, big.cid)
    const small = await cairn.kubo.add(randomBytes(64), { cidVersion: 1, rawLeaves: true })
    const direct = await cairn.kubo.add(randomBytes(100), { pin: false })
    await cairn.kubo.pin.add(direct.cid, { recursive: false })
    // a leaf of the big DAG pinned on its own is listed as its own pin, never as indirect too
    await cairn.kubo.pin.add(leaves[0]!, { recursive: false })
    expect(big.cid.toString()).toMatch(/^Qm/)
    expect(small.cid.toString()).toMatch(/^bafk/)

    const expected = {
      [big.cid.toString()]: 'recursive',
      [small.cid.toString()]: 'recursive',
      [direct.cid.toString()]: 'direct',
      [leaves[0]!.toString()]: 'direct',
      [leaves[1]!.toString()]: 'indirect',
      [leaves[2]!.toString()]: 'indirect'
    }
    expect(await listing(cairn)).toEqual(expected)

    await cairn.stop()
    cairn = await startCairn({ dataDir })
    expect(await listing(cairn)).toEqual(expected)
    expect(await listing(cairn, 'indirect')).toEqual({ [leaves[1]!.toString()]: 'indirect', [leaves[2]!.toString()]: 'indirect' })

    // changes show at once: an unpin, a new pin, and a direct pin made recursive
    await cairn.kubo.pin.rm(big.cid)
    const again = await cairn.kubo.add(randomBytes(300))
    await cairn.kubo.pin.add(direct.cid)
    expect(await listing(cairn)).toEqual({
      [small.cid.toString()]: 'recursive',
      [again.cid.toString()]: 'recursive',
      [direct.cid.toString()]: 'recursive',
      [leaves[0]!.toString()]: 'direct'
    })
  })

  it('a pin made while the records are first read is listed', async () => {
    const dataDir = await dirs.make()
    cairn = await startCairn({ dataDir })
    const before = await Promise.all(Array.from({ length: 40 }, async () => (await cairn!.kubo.add(randomBytes(50))).cid.toString()))
    await cairn.stop()
    cairn = await startCairn({ dataDir })
    // the listing reads the records while the add writes one
    const [listed, added] = await Promise.all([listing(cairn), cairn.kubo.add(randomBytes(50))])
    expect(Object.keys(listed)).toEqual(expect.arrayContaining(before))
    expect(Object.keys(await listing(cairn)).sort()).toEqual([...before, added.cid.toString()].sort())
  })
})
