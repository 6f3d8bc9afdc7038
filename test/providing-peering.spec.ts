import { rm } from 'node:fs/promises'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll, tempDataDir } from './fixtures/cairn.ts'
import { peerIdOf } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('peering', () => {
  let nodes: Array<TestCairn | undefined> = []
  let dirs: string[] = []
  afterEach(async () => {
    await stopAll(nodes)
    await Promise.all(dirs.map(async dir => rm(dir, { recursive: true, force: true })))
    nodes = []
    dirs = []
  })

  it('redials a configured peer that stopped and came back on the same address', async () => {
    const dirA = await tempDataDir()
    dirs.push(dirA)
    const a = await startCairn({ dataDir: dirA })
    const b = await startCairn({ env: { CAIRN_PEERS: a.peerAddress } })
    nodes = [a, b]
    const idA = peerIdOf(a)
    const readyPeers = async (): Promise<string[]> => ((await (await fetch(`${b.url}/readyz`)).json()) as { peers: string[] }).peers
    expect(await readyPeers()).toEqual([idA])

    await a.stop()
    await expect.poll(readyPeers, { timeout: 5_000 }).toEqual([])

    const port = multiaddr(a.peerAddress).getComponents().find(c => c.name === 'tcp')?.value ?? ''
    const back = await startCairn({ dataDir: dirA, env: { CAIRN_LISTEN: `/ip4/127.0.0.1/tcp/${port}` } })
    nodes = [b, back]
    expect(peerIdOf(back)).toBe(idA)
    // nothing but B's keep-alive tag brings the connection back: A was told of no peer
    await expect.poll(readyPeers, { timeout: 30_000, interval: 250 }).toEqual([idA])
    expect((await b.kubo.swarm.peers()).map(p => p.peer.toString())).toEqual([idA])
  }, 40_000)
})
