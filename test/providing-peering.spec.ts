import { KEEP_ALIVE } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, describe, expect, it } from 'vitest'
import { keptDataDirs, startCairn, stopAll } from './fixtures/cairn.ts'
import { peerIdOf } from './fixtures/providing.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('peering', () => {
  let nodes: Array<TestCairn | undefined> = []
  const dirs = keptDataDirs()
  afterEach(async () => {
    await stopAll(nodes)
    await dirs.removeAll()
    nodes = []
  })

  it('redials a configured peer that stopped and came back on the same address', async () => {
    const dirA = await dirs.make()
    const a = await startCairn({ dataDir: dirA })
    const b = await startCairn({ env: { CAIRN_PEERS: a.peerAddress } })
    nodes = [a, b]
    const idA = peerIdOf(a)
    const readyPeers = async (): Promise<string[]> => ((await (await fetch(`${b.gatewayUrl}/readyz`)).json()) as { peers: string[] }).peers
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

  it('keeps a peer given by address only: retried until it answers, then kept under its proved ID', async () => {
    const dirA = await dirs.make()
    const first = await startCairn({ dataDir: dirA })
    const idA = peerIdOf(first)
    const address = first.peerAddress.replace(`/p2p/${idA}`, '')
    await first.stop()

    // A is down when B starts: B must keep trying the bare address
    const b = await startCairn({ env: { CAIRN_PEERS: address } })
    nodes = [b]
    expect(b.service.node.helia.libp2p.getConnections()).toEqual([])
    const port = multiaddr(address).getComponents().find(c => c.name === 'tcp')?.value ?? ''
    const a = await startCairn({ dataDir: dirA, env: { CAIRN_LISTEN: `/ip4/127.0.0.1/tcp/${port}` } })
    nodes = [b, a]
    const connectedIds = (): string[] => b.service.node.helia.libp2p.getConnections().map(c => c.remotePeer.toString())
    await expect.poll(connectedIds, { timeout: 15_000, interval: 100 }).toEqual([idA])

    // from now on libp2p's keep-alive tag redials it, as for a peer given with its ID; the tag follows the dial's answer
    const tagged = async (): Promise<boolean> => (await b.service.node.helia.libp2p.peerStore.get(peerIdFromString(idA))).tags.has(KEEP_ALIVE)
    await expect.poll(tagged, { timeout: 5_000, interval: 50 }).toBe(true)
  }, 30_000)
})
