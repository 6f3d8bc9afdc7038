import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { keychain } from '@ipshipyard/keychain'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { Record } from '@libp2p/kad-dht'
import { LevelDatastore } from 'datastore-level'
import { createHeliaLight } from 'helia'
import { Key } from 'interface-datastore'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import last from 'it-last'
import { base32 } from 'multiformats/bases/base32'
import { afterEach, describe, expect, it } from 'vitest'
import { ipnsRoutingKey, parseKeyId } from '../src/keys/key-id.ts'
import { startCairn, stopAll, tempDataDir } from './fixtures/cairn.ts'
import { api, eventually } from './fixtures/names.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const INTERVAL_MS = 1_500
const HOUR_MS = 60 * 60_000

interface OwnName {
  name: string
  key: string
  value: string
  sequence: string
  eol: string
  lastPublished: string
  lastPeers: number
  nextPublish: string
}

async function ownNames (cairn: TestCairn): Promise<OwnName[]> {
  const body = await (await api(cairn, 'GET', '/names')).json() as { names: OwnName[] }
  return body.names
}

/** Opens the data directory's LevelDB, as the node left it, for the time of `work`. */
async function withDatastore<T> (dataDir: string, work: (datastore: LevelDatastore) => Promise<T>): Promise<T> {
  const datastore = new LevelDatastore(join(dataDir, 'datastore'))
  await datastore.open()
  try {
    return await work(datastore)
  } finally {
    await datastore.close()
  }
}

/** The name entries as the node left them in its LevelDB. */
async function storedEntries (dataDir: string): Promise<Array<{ kind: string, lastPutAt: number, lastPeers: number, nextAt: number }>> {
  const entries = await withDatastore(dataDir, async (datastore) => Array.fromAsync(datastore.query({ prefix: '/cairn/ipns/names' })))
  return entries.map(({ value }) => dagCbor.decode(value))
}

/**
 * The record of `name` that another node holds in its DHT store, as the
 * publisher put it there: the proof that a republish left the publisher,
 * read without asking the publisher anything.
 */
async function recordHeldBy (peer: TestCairn, name: string): Promise<{ sequence: bigint, validity: number } | undefined> {
  const key = new Key(`/dht/record/${base32.baseEncode(ipnsRoutingKey(parseKeyId(name)))}`)
  const datastore = peer.service.node.helia.datastore
  if (!await datastore.has(key)) {
    return undefined
  }
  const record = unmarshalIPNSRecord(Record.deserialize(await datastore.get(key)).value)
  return { sequence: record.sequence, validity: Date.parse(record.validity) }
}

// the key types Helia reads, without starting a node
const { getCrypto } = createHeliaLight()

describe('the republisher', () => {
  let nodes: Array<TestCairn | undefined> = []
  let dataDir: string | undefined

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
    if (dataDir != null) {
      await rm(dataDir, { recursive: true, force: true })
      dataDir = undefined
    }
  })

  it('re-signs on schedule, follows key renames, and resumes its stored schedule after a restart', async () => {
    dataDir = await tempDataDir()
    const b = await startCairn()
    const env = { CAIRN_PEERS: b.peerAddress, CAIRN_IPNS_REPUBLISH_INTERVAL_MS: String(INTERVAL_MS) }
    const a = await startCairn({ dataDir, env })
    nodes = [b, a]
    const { cid } = await a.kubo.add('kept fresh\n')
    await a.kubo.key.gen('site')
    const { name } = await a.kubo.name.publish(cid, { key: 'site' })

    const [published] = await ownNames(a)
    expect(published).toMatchObject({ name, key: 'site', sequence: '0', lastPeers: 1 })
    expect(Date.parse(published?.nextPublish ?? '') - Date.parse(published?.lastPublished ?? '')).toBe(INTERVAL_MS)
    const first = await eventually(async () => recordHeldBy(b, name), 5_000, 'the record in B\'s DHT store')
    expect(first.sequence).toBe(0n)

    // renamed: the name is found by its key, not by the key's old name
    await a.kubo.key.rename('site', 'blog')
    const renamedAt = Date.now()
    const resigned = await eventually(async () => {
      const [entry] = await ownNames(a)
      return entry != null && Date.parse(entry.lastPublished) > renamedAt ? entry : undefined
    }, 10_000, 'a republish after the rename')
    // same value and sequence, as Kubo republishes; a later EOL
    expect(resigned).toMatchObject({ name, key: 'blog', value: `/ipfs/${cid.toString()}`, sequence: '0', lastPeers: 1 })
    expect(Date.parse(resigned.eol)).toBeGreaterThan(Date.parse(published?.eol ?? ''))
    // and B holds the re-signed record: same sequence, a later validity
    const reput = await eventually(async () => {
      const held = await recordHeldBy(b, name)
      return held != null && held.validity > first.validity ? held : undefined
    }, 10_000, 'a re-signed record in B\'s DHT store')
    expect(reput.sequence).toBe(0n)

    // the schedule is in the datastore: read it while the node is down
    await a.stop()
    nodes = [b]
    const [stored] = await storedEntries(dataDir)
    expect(stored).toMatchObject({ kind: 'own', lastPeers: 1 })
    expect((stored?.nextAt ?? 0) - (stored?.lastPutAt ?? 0)).toBe(INTERVAL_MS)
    await new Promise(resolve => setTimeout(resolve, Math.max(0, (stored?.nextAt ?? 0) - Date.now()) + 300))

    // it fell due while the node was down: republished at once on start, not an interval later
    // (the interval is now an hour, so only the stored schedule can explain it)
    const restartedAt = Date.now()
    const restarted = await startCairn({ dataDir, env: { ...env, CAIRN_IPNS_REPUBLISH_INTERVAL_MS: String(HOUR_MS) } })
    nodes.push(restarted)
    const afterRestart = await eventually(async () => {
      const [entry] = await ownNames(restarted)
      return entry != null && Date.parse(entry.lastPublished) >= restartedAt && entry.lastPeers >= 1 ? entry : undefined
    }, 10_000, 'a republish right after the restart')
    expect(afterRestart).toMatchObject({ name, key: 'blog', sequence: '0' })
    expect(Date.parse(afterRestart.lastPublished) - restartedAt).toBeLessThan(5_000)
    expect(Date.parse(afterRestart.nextPublish) - Date.parse(afterRestart.lastPublished)).toBe(HOUR_MS)
    // B saw it: a record re-signed after the restart, valid longer than any before it
    const afterRestartHeld = await eventually(async () => {
      const held = await recordHeldBy(b, name)
      return held != null && held.validity > reput.validity ? held : undefined
    }, 10_000, 'the restarted node\'s record in B\'s DHT store')
    expect(afterRestartHeld.sequence).toBe(0n)
    expect(await last(b.kubo.name.resolve(name, { nocache: true }))).toBe(`/ipfs/${cid.toString()}`)
  })

  it('does not republish a name before it is due, whatever the restarts', async () => {
    dataDir = await tempDataDir()
    const b = await startCairn()
    nodes = [b]
    const env = { CAIRN_PEERS: b.peerAddress, CAIRN_IPNS_REPUBLISH_INTERVAL_MS: String(HOUR_MS) }
    const a = await startCairn({ dataDir, env })
    const { cid } = await a.kubo.add('not yet\n')
    await a.kubo.name.publish(cid)
    nodes.push(a)
    const [before] = await ownNames(a)
    await a.stop()
    nodes = [b]

    const again = await startCairn({ dataDir, env })
    nodes.push(again)
    await new Promise(resolve => setTimeout(resolve, 1_000))
    const [after] = await ownNames(again)
    expect(after).toEqual(before)
  })

  it('adopts a name published through @helia/ipns before, and drops one whose key was removed', async () => {
    dataDir = await tempDataDir()
    const env = { CAIRN_IPNS_REPUBLISH_INTERVAL_MS: '500' }
    const first = await startCairn({ dataDir, env })
    nodes = [first]
    const self = (await first.kubo.key.list())[0]?.id ?? ''
    await first.kubo.key.gen('temp')
    await first.kubo.name.publish((await first.kubo.add('short-lived\n')).cid, { key: 'temp', allowOffline: true })
    await first.kubo.key.rm('temp')
    expect(await ownNames(first)).toEqual([])
    await first.stop()
    nodes = []

    // what @helia/ipns left: a record in the DHT's store and a metadata key beside it
    const pass = (await readFile(join(dataDir, 'keychain-pass'), 'utf8')).trim()
    await withDatastore(dataDir, async (datastore) => {
      const key = await keychain({ password: pass })({ datastore, getCrypto }).exportKey('self')
      const signer = privateKeyFromProtobuf(key.toProtobuf())
      const routingKey = multihashToIPNSRoutingKey(signer.publicKey.toMultihash())
      const record = marshalIPNSRecord(await createIPNSRecord(signer, '/ipfs/bafkqaddwgevxmmraojswg33smq', 7n, 3_600_000))
      await datastore.put(new Key(`/dht/record/${base32.baseEncode(routingKey)}`), new Record(routingKey, record, new Date()).serialize())
      await datastore.put(new Key(`/ipns/metadata/${base32.baseEncode(routingKey)}`), Uint8Array.from([10, 4, 115, 101, 108, 102]))
    })

    const second = await startCairn({ dataDir, env })
    nodes = [second]
    expect(await ownNames(second)).toEqual([expect.objectContaining({ name: self, key: 'self', value: '/ipfs/bafkqaddwgevxmmraojswg33smq', sequence: '7' })])
    await eventually(async () => (await ownNames(second))[0]?.lastPublished ?? undefined, 5_000, 'the adopted name republished')
    // past the removed key's name's next run (one 500 ms interval after its publish)
    await new Promise(resolve => setTimeout(resolve, 1_000))
    await second.stop()
    nodes = []
    // the removed key's name is gone from the store; the adopted one is there, and adopted once only
    expect(await storedEntries(dataDir)).toEqual([expect.objectContaining({ kind: 'own' })])
    expect(await withDatastore(dataDir, async (datastore) => Array.fromAsync(datastore.queryKeys({ prefix: '/ipns/metadata/' })))).toEqual([])
  })
})
