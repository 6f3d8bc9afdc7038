import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { DEFAULT_MAX_CONNECTIONS } from '../src/constants.ts'
import { privateProfile } from '../src/network/private-profile.ts'
import { publicProfile } from '../src/network/public-profile.ts'

// the public profile is never started on these machines: its composed libp2p options are checked as data
describe('network profiles', () => {
  const announce = ['/ip4/198.51.100.7/tcp/4001', '/dns4/cairn.example/tcp/4001']

  it('public: Helia\'s defaults (bootstrap, Amino DHT, AutoNAT, relays) with the announced addresses', () => {
    const options = publicProfile({ listen: ['/ip4/0.0.0.0/tcp/4001'], announce, maxConnections: 150 })
    expect(options.addresses?.listen).toEqual(['/ip4/0.0.0.0/tcp/4001'])
    expect(options.addresses?.announce).toEqual(announce)
    expect(options.connectionManager?.maxConnections).toBe(150)
    const services = Object.keys(options.services ?? {})
    for (const service of ['dht', 'autoNAT', 'identify', 'ping', 'relay', 'upnp', 'dcutr', 'delegatedContentRouting']) {
      expect(services).toContain(service)
    }
    expect(options.peerDiscovery?.length).toBeGreaterThanOrEqual(2)
    expect(options.transports?.length).toBeGreaterThanOrEqual(3)
  })

  it('private: no discovery, no relay, no AutoNAT; the LAN DHT only; same announce and limit settings', () => {
    const options = privateProfile({ listen: ['/ip4/127.0.0.1/tcp/4001'], announce: announce.slice(0, 1) })
    expect(options.peerDiscovery).toEqual([])
    expect(Object.keys(options.services ?? {}).toSorted()).toEqual(['dht', 'identify', 'ping'])
    expect(options.addresses?.announce).toEqual(announce.slice(0, 1))
    expect(options.connectionManager?.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS)
  })

  it('reads the providing and network settings from the environment', () => {
    const config = parseConfig({
      CAIRN_PROVIDE_STRATEGY: 'pinned',
      CAIRN_REPROVIDE_INTERVAL_MS: '60000',
      CAIRN_ANNOUNCE: announce.join(','),
      CAIRN_MAX_CONNECTIONS: '50'
    })
    expect(config).toMatchObject({ provideStrategy: 'pinned', reprovideIntervalMs: 60_000, announce, maxConnections: 50 })
    expect(parseConfig({})).toMatchObject({ provideStrategy: 'roots', reprovideIntervalMs: 22 * 3600_000, announce: [] })
    expect(() => parseConfig({ CAIRN_PROVIDE_STRATEGY: 'flat' })).toThrow(/CAIRN_PROVIDE_STRATEGY/)
    expect(() => parseConfig({ CAIRN_ANNOUNCE: 'not an addr' })).toThrow(/CAIRN_ANNOUNCE/)
  })
})
