import last from 'it-last'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { rpc } from './fixtures/keys.ts'
import { api, eventually, outsideKey, signedRecord } from './fixtures/names.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Short enough that a test sees several re-puts. */
const INTERVAL_MS = 1_000

describe('kept names: keeping alive a name Cairn holds no key for', () => {
  let nodes: TestCairn[] = []

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('re-puts a kept name after its publisher is gone, so a newcomer resolves it through the keeper', async () => {
    nodes = await startSwarm(1)
    const [a] = nodes as [TestCairn]
    const keeper = await startCairn({ env: { CAIRN_PEERS: a.peerAddress, CAIRN_IPNS_REPUBLISH_INTERVAL_MS: String(INTERVAL_MS) } })
    nodes.push(keeper)
    const { cid } = await a.kubo.add('kept alive by the keeper\n')
    const { name } = await a.kubo.name.publish(cid, { ttl: '1s' })

    // "name one to fetch": the keeper looks the record up itself
    const added = await api(keeper, 'POST', '/names/kept', { name })
    expect(added.status).toBe(201)
    expect(await added.json()).toMatchObject({ result: 'added', name, kind: 'kept', value: `/ipfs/${cid.toString()}`, sequence: '0' })
    await a.stop()
    const publisherGone = Date.now()

    const newcomer = await startCairn({ env: { CAIRN_PEERS: keeper.peerAddress } })
    nodes.push(newcomer)
    // the keeper's next re-put reaches the newcomer, which did not exist when A published
    const reput = await eventually(async () => {
      const kept = await (await api(keeper, 'GET', `/names/kept/${name}`)).json() as { lastPublished: string, lastPeers: number }
      return Date.parse(kept.lastPublished) > publisherGone && kept.lastPeers >= 1 ? kept : undefined
    }, 15_000, 'a re-put taken by the newcomer')
    expect(reput).toMatchObject({ lastError: null, nextPublish: expect.any(String) })

    // with the keeper gone too, the newcomer answers from the record the keeper put to it
    await keeper.stop()
    expect(await last(newcomer.kubo.name.resolve(name))).toBe(`/ipfs/${cid.toString()}`)
  })

  it('replaces a kept record by a higher sequence, refuses a lower one, lists and removes', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const { key, name } = await outsideKey()
    const record = (seq: number, value: string) => signedRecord(key, value, seq).then(bytes => Buffer.from(bytes).toString('base64'))

    const first = await api(cairn, 'POST', '/names/kept', { name, record: await record(3, '/ipfs/bafkqaddwgevxmmraojswg33smq') })
    expect(first.status).toBe(201)
    const higher = await api(cairn, 'POST', '/names/kept', { name, record: await record(4, '/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi') })
    expect(higher.status).toBe(200)
    expect(await higher.json()).toMatchObject({ result: 'replaced', sequence: '4', value: '/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi' })
    const lower = await api(cairn, 'POST', '/names/kept', { name, record: await record(2, '/ipfs/bafkqaddwgevxmmraojswg33smq') })
    expect(lower.status).toBe(409)
    expect(await last(cairn.kubo.name.resolve(name))).toBe('/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi')

    const bad: Array<[unknown, number]> = [
      [{ name: 'k51-not-a-name', record: await record(5, '/ipfs/bafkqaddwgevxmmraojswg33smq') }, 400],
      [{ name, record: 'not base64!' }, 400],
      [{ name, record: Buffer.from('garbage').toString('base64') }, 400],
      [{ name, extra: true }, 400],
      // the network has never heard of it: nothing to fetch
      [{ name: (await outsideKey()).name }, 404]
    ]
    for (const [body, status] of bad) {
      expect({ body, status: (await api(cairn, 'POST', '/names/kept', body)).status }).toEqual({ body, status })
    }

    const self = (await cairn.kubo.key.list())[0]?.id ?? ''
    await cairn.kubo.name.publish((await cairn.kubo.add('mine\n')).cid, { allowOffline: true })
    expect((await api(cairn, 'POST', '/names/kept', { name: self })).status).toBe(409)

    const listed = await (await api(cairn, 'GET', '/names/kept')).json() as { names: Array<{ name: string }> }
    expect(listed.names.map(n => n.name)).toEqual([name])
    expect((await api(cairn, 'DELETE', `/names/kept/${name}`)).status).toBe(200)
    expect((await api(cairn, 'DELETE', `/names/kept/${name}`)).status).toBe(404)
    expect((await (await api(cairn, 'GET', '/names/kept')).json()).names).toEqual([])
    expect((await fetch(`${cairn.apiUrl}/api/v1/names/kept`)).status).toBe(401)
    // the Kubo RPC sees a sequence it cannot go below
    expect((await rpc(cairn, 'name/publish', { arg: '/ipfs/bafkqaddwgevxmmraojswg33smq', 'allow-offline': 'true', sequence: '0' })).status).toBe(400)
  })
})
