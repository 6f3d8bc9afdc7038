import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { dagBlocks } from './fixtures/pins.ts'
import { peerIdOf, providedAtLeast, providerIds } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('provide strategy', () => {
  let nodes: TestCairn[] = []
  afterEach(async () => { await stopAll(nodes); nodes = [] })

  for (const [strategy, leavesProvided] of [['pinned', true], ['roots', false]] as const) {
    it(`${strategy}: ${leavesProvided ? 'every block of an add' : 'only the root'} is announced`, async () => {
      const b = await startCairn()
      const a = await startCairn({ env: { CAIRN_PROVIDE_STRATEGY: strategy, CAIRN_PEERS: b.peerAddress } })
      nodes = [a, b]
      const added = await a.kubo.add(randomBytes(1_000_000))
      const blocks = await dagBlocks(a, added.cid)
      expect(blocks.length).toBeGreaterThan(2)
      await providedAtLeast(a, leavesProvided ? blocks.length : 1)
      expect(a.service.node.providing.status().provided).toBe(leavesProvided ? blocks.length : 1)

      expect(await providerIds(b, added.cid)).toEqual([peerIdOf(a)])
      const leaf = blocks.find(cid => !cid.equals(added.cid))!
      expect(await providerIds(b, leaf)).toEqual(leavesProvided ? [peerIdOf(a)] : [])
    })
  }
})
