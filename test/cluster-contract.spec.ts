import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSwarm, stopAll } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/**
 * The calls IPFS Cluster's ipfshttp connector makes to its IPFS node, with the
 * query strings and answer fields it relies on (Go structs decoding JSON:
 * missing or mistyped fields break it). Node B plays the Cluster-managed
 * peer; content comes from node A, as it would from another cluster member.
 */
describe('IPFS Cluster ipfshttp connector contract', () => {
  let nodes: TestCairn[] = []
  let a: TestCairn
  let b: TestCairn

  /** POST like Cluster: query string, no body, parse every ndjson line. */
  const call = async (node: TestCairn, path: string, init: RequestInit = {}): Promise<{ status: number, lines: any[] }> => {
    const res = await fetch(`${node.apiUrl}/api/v0/${path}`, { method: 'POST', ...init, headers: { ...node.auth, ...init.headers } })
    const text = await res.text()
    return { status: res.status, lines: text.split('\n').filter(l => l !== '').map(l => JSON.parse(l)) }
  }

  beforeAll(async () => {
    nodes = await startSwarm(2)
    ;[a, b] = nodes as [TestCairn, TestCairn]
  })
  afterAll(async () => { await stopAll(nodes) })

  it('id: ID and Addresses', async () => {
    const { status, lines: [id] } = await call(b, 'id')
    expect(status).toBe(200)
    expect(id.ID).toBe(b.service.node.helia.libp2p.peerId.toString())
    expect(id.Addresses).toContain(b.peerAddress)
  })

  it('pin/add with progress fetches from another peer, then pin/ls, pin/update and pin/rm', async () => {
    const added = await a.kubo.add(randomBytes(2_000_000), { cidVersion: 1 })
    const cid = added.cid.toString()

    const notYet = await call(b, `pin/ls?arg=${cid}&type=recursive`)
    expect(notYet.status).not.toBe(200)

    const pinned = await call(b, `pin/add?arg=${cid}&recursive=true&progress=true`)
    expect(pinned.status).toBe(200)
    expect(pinned.lines.at(-1)).toEqual({ Pins: [cid] })
    for (const line of pinned.lines.slice(0, -1)) {
      expect(typeof line.Progress).toBe('number')
    }

    const one = await call(b, `pin/ls?arg=${cid}&type=recursive`)
    expect(one.lines[0].Keys[cid].Type).toBe('recursive')
    const all = await call(b, 'pin/ls?type=recursive')
    expect(Object.keys(all.lines[0].Keys)).toContain(cid)
    const streamed = await call(b, 'pin/ls?type=recursive&stream=true')
    expect(streamed.lines).toContainEqual(expect.objectContaining({ Cid: cid, Type: 'recursive' }))

    const next = await a.kubo.add(randomBytes(1000), { cidVersion: 1 })
    const updated = await call(b, `pin/update?arg=${cid}&arg=${next.cid.toString()}&unpin=false`)
    expect(updated.lines[0].Pins).toEqual([cid, next.cid.toString()])
    const both = await call(b, 'pin/ls?type=recursive')
    expect(Object.keys(both.lines[0].Keys)).toEqual(expect.arrayContaining([cid, next.cid.toString()]))

    const removed = await call(b, `pin/rm?arg=${cid}`)
    expect(removed.lines[0]).toEqual({ Pins: [cid] })
    expect((await call(b, `pin/ls?arg=${cid}&type=recursive`)).status).not.toBe(200)
  })

  it('repo/stat?size-only=true: RepoSize and StorageMax as numbers', async () => {
    const { lines: [stat] } = await call(b, 'repo/stat?size-only=true')
    expect(typeof stat.RepoSize).toBe('number')
    expect(typeof stat.StorageMax).toBe('number')
    expect(stat.StorageMax).toBeGreaterThan(stat.RepoSize)
  })

  it('swarm/peers: Peers with a Peer field', async () => {
    const { lines: [peers] } = await call(b, 'swarm/peers')
    expect(peers.Peers.map((p: { Peer: string }) => p.Peer)).toContain(a.service.node.helia.libp2p.peerId.toString())
  })

  it('block/put as Cluster streams a block, then block/stat', async () => {
    const bytes = randomBytes(5000)
    const form = new FormData()
    form.append('file', new Blob([bytes]))
    const put = await call(b, 'block/put?cid-codec=raw&mhtype=sha2-256&mhlen=-1&pin=false', { body: form })
    expect(put.status).toBe(200)
    const key = CID.parse(put.lines[0].Key)
    expect(put.lines[0].Size).toBe(5000)
    expect(key.code).toBe(0x55)
    const { lines: [stat] } = await call(b, `block/stat?arg=${key.toString()}`)
    expect(stat).toEqual({ Key: key.toString(), Size: 5000 })
  })
})
