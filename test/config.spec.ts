import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { spawnCairn } from './fixtures/process.ts'

describe('configuration', () => {
  it('defaults to a private node on loopback with the documented ports', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      httpHost: '127.0.0.1',
      httpPort: 8080,
      network: 'private',
      listen: ['/ip4/127.0.0.1/tcp/4001'],
      peers: [],
      loopbackOnly: false
    })
    expect(config.dataDir).toMatch(/\.cairn$/)
  })

  it('reads lists from the environment and lets flags win', () => {
    const config = parseConfig(
      { CAIRN_HTTP_PORT: '9000', CAIRN_LISTEN: '/ip4/127.0.0.1/tcp/1, /ip4/127.0.0.1/tcp/2' },
      ['--http-port', '9001', '--network', 'public']
    )
    expect(config.httpPort).toBe(9001)
    expect(config.network).toBe('public')
    expect(config.listen).toEqual(['/ip4/127.0.0.1/tcp/1', '/ip4/127.0.0.1/tcp/2'])
  })

  it('names every bad setting with its variable and flag', () => {
    expect(() => parseConfig({ CAIRN_HTTP_PORT: 'eighty', CAIRN_NETWORK: 'lan', CAIRN_PEERS: '/ip4/127.0.0.1/tcp/1,tcp://nowhere' }))
      .toThrow(/CAIRN_HTTP_PORT \(--http-port\)[\s\S]*CAIRN_NETWORK \(--network\)[\s\S]*CAIRN_PEERS \(--peers\).*tcp:\/\/nowhere/)
    expect(() => parseConfig({}, ['--no-such-flag'])).toThrow(/no-such-flag/)
  })

  it('exits with code 2 and a clear message on bad configuration', async () => {
    const proc = spawnCairn({ CAIRN_NETWORK: 'everywhere' })
    expect(await proc.exited).toBe(2)
    expect(proc.output.join('\n')).toMatch(/CAIRN_NETWORK/)
  })
})
