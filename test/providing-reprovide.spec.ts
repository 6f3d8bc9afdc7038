import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { keptDataDirs, startCairn, stopAll } from './fixtures/cairn.ts'
import { peerIdOf, providerIds } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('reprovider', () => {
  let nodes: Array<TestCairn | undefined> = []
  const dirs = keptDataDirs()
  afterEach(async () => {
    await stopAll(nodes)
    await dirs.removeAll()
    nodes = []
  })

  it('re-announces pinned content after a restart, to peers that never heard of it', async () => {
    const dirA = await dirs.make()
    // alone, A's announcement of the add reaches nobody
    const first = await startCairn({ dataDir: dirA, env: { CAIRN_REPROVIDE_INTERVAL_MS: '1000' } })
    nodes = [first]
    const added = await first.kubo.add(randomBytes(5_000))
    await first.stop()

    const b = await startCairn()
    nodes = [b]
    const a = await startCairn({ dataDir: dirA, env: { CAIRN_REPROVIDE_INTERVAL_MS: '1000', CAIRN_PEERS: b.peerAddress } })
    nodes.push(a)
    await expect.poll(() => a.service.node.providing.status().reprovider.runs, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    expect(a.service.node.providing.status().reprovider.lastCount).toBe(1)
    await a.stop()
    nodes = [b]

    // A is gone: B answers from the provider record the reprovide left with it
    expect(await providerIds(b, added.cid)).toEqual([peerIdOf(a)])
  })

  it('keeps its schedule across restarts: a run not yet due is not repeated at start', async () => {
    const dir = await dirs.make()
    const peer = await startCairn()
    nodes = [peer]
    const env = { CAIRN_REPROVIDE_INTERVAL_MS: '3600000', CAIRN_PEERS: peer.peerAddress }
    const first = await startCairn({ dataDir: dir, env })
    nodes.push(first)
    await expect.poll(() => first.service.node.providing.status().reprovider.runs, { timeout: 10_000 }).toBe(1)
    const { lastRunAt } = first.service.node.providing.status().reprovider
    await first.stop()

    const again = await startCairn({ dataDir: dir, env })
    nodes = [peer, again]
    const status = again.service.node.providing.status().reprovider
    expect(status.lastRunAt).toBe(lastRunAt)
    expect(status.runs).toBe(0)
    expect(status.nextRunAt).toBeGreaterThan(Date.now() + 3_500_000)
    expect(status.nextRunAt! - lastRunAt!).toBeGreaterThanOrEqual(3_600_000 - 1_000)
  })
})
