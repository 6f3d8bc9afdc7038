import last from 'it-last'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, startSwarm, stopAll } from './fixtures/cairn.ts'
import { rpc } from './fixtures/keys.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('name/* over the Kubo RPC', () => {
  let nodes: TestCairn[] = []

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  it('publishes under self and other keys and resolves on the same node', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const first = await cairn.kubo.add('first version\n')
    const self = (await cairn.kubo.key.list())[0]

    const published = await cairn.kubo.name.publish(first.cid, { allowOffline: true })
    // the record holds the path as given, as Kubo signs it
    expect(published).toEqual({ name: self?.id, value: `/ipfs/${first.cid.toString()}` })
    expect(await last(cairn.kubo.name.resolve(published.name))).toBe(published.value)
    expect(await (await rpc(cairn, 'name/resolve')).json()).toEqual({ Path: published.value })

    const second = await cairn.kubo.add('second version\n')
    await cairn.kubo.name.publish(`/ipfs/${second.cid.toString()}`, { allowOffline: true, lifetime: '1h30m', ttl: '1m' })
    expect(await last(cairn.kubo.name.resolve(`/ipns/${published.name}`))).toBe(`/ipfs/${second.cid.toString()}`)

    const alpha = await cairn.kubo.key.gen('alpha')
    const byId = await cairn.kubo.name.publish(first.cid, { key: alpha.id, allowOffline: true })
    expect(byId.name).toBe(alpha.id)
    expect(await last(cairn.kubo.name.resolve(alpha.id))).toBe(`/ipfs/${first.cid.toString()}`)
  })

  it('follows names that point at names, carrying paths along', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const dir = await cairn.kubo.add({ path: 'site/index.html', content: '<h1>hi</h1>' }, { wrapWithDirectory: true })
    const target = await cairn.kubo.key.gen('target')
    await cairn.kubo.key.gen('alias')
    await cairn.kubo.name.publish(`/ipfs/${dir.cid.toString()}/site`, { key: 'target', allowOffline: true })
    await cairn.kubo.name.publish(`/ipns/${target.id}`, { key: 'alias', allowOffline: true })
    const alias = (await cairn.kubo.key.list()).find(k => k.name === 'alias')?.id ?? ''

    const site = `/ipfs/${dir.cid.toString()}/site`
    expect(await last(cairn.kubo.name.resolve(`/ipns/${alias}/index.html`))).toBe(`${site}/index.html`)
    expect(await last(cairn.kubo.name.resolve(alias, { recursive: false }))).toBe(`/ipns/${target.id}`)

    const missing = await rpc(cairn, 'name/publish', { arg: `/ipfs/${dir.cid.toString()}/nope`, 'allow-offline': 'true' })
    expect(missing.status).toBe(404)
    const unchecked = await rpc(cairn, 'name/publish', { arg: `/ipfs/${dir.cid.toString()}/nope`, 'allow-offline': 'true', resolve: 'false', key: 'target' })
    expect(await unchecked.json()).toEqual({ Name: target.id, Value: `/ipfs/${dir.cid.toString()}/nope` })
  })

  it('refuses bad input and publishing to nobody unless allowed', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const { cid } = await cairn.kubo.add('lonely\n')
    const cases: Array<[string, Record<string, string>, number]> = [
      ['name/publish', { arg: cid.toString(), key: 'nobody', 'allow-offline': 'true' }, 404],
      ['name/publish', { arg: '/ipfs/not-a-cid', 'allow-offline': 'true' }, 400],
      ['name/publish', { arg: cid.toString(), lifetime: '2 days', 'allow-offline': 'true' }, 400],
      ['name/publish', { arg: cid.toString(), ttl: '-1s', 'allow-offline': 'true' }, 400],
      ['name/publish', {}, 400],
      ['name/resolve', { arg: '/ipns/not-a-key' }, 400],
      ['name/resolve', { arg: 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8', 'dht-timeout': '500ms' }, 404]
    ]
    for (const [path, params, status] of cases) {
      const res = await rpc(cairn, path, params)
      expect({ path, params, status: res.status }).toEqual({ path, params, status })
    }

    const started = Date.now()
    const offline = await rpc(cairn, 'name/publish', { arg: cid.toString() })
    expect(offline.status).toBe(503)
    expect((await offline.json()).Message).toMatch(/allow-offline/)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('publishes on A and resolves on B through the private DHT', async () => {
    nodes = await startSwarm(2)
    const [a, b] = nodes as [TestCairn, TestCairn]
    const { cid } = await a.kubo.add('published on A\n')
    const self = (await a.kubo.key.list())[0]?.id ?? ''

    const before = await rpc(b, 'name/resolve', { arg: self, 'dht-timeout': '1s' })
    expect(before.status).toBe(404)

    const published = await a.kubo.name.publish(cid)
    expect(published.name).toBe(self)
    expect(await last(b.kubo.name.resolve(`/ipns/${self}`))).toBe(`/ipfs/${cid.toString()}`)
    expect(await (await fetch(`${b.gatewayUrl}/ipfs/${cid.toString()}`)).text()).toBe('published on A\n')
  })
})
