import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { loopbackGater } from '../src/network/loopback-gater.ts'
import { classifyIp, gatewayUrlOf } from '../src/retrieval/gateway-address.ts'
import type { GatewayAddressRules } from '../src/retrieval/gateway-address.ts'

const loopbackOnly: GatewayAddressRules = { loopbackOnly: true, network: 'private', gater: loopbackGater() }
const lan: GatewayAddressRules = { loopbackOnly: false, network: 'private' }
const open: GatewayAddressRules = { loopbackOnly: false, network: 'public' }

const url = async (addr: string, remoteIp: string, rules: GatewayAddressRules): Promise<string | undefined> => gatewayUrlOf(multiaddr(addr), remoteIp, rules)

describe('which peer gateways a node may fetch from', () => {
  it('takes a peer\'s gateway on the host it reached the peer on', async () => {
    expect(await url('/ip4/127.0.0.1/tcp/8080/http', '127.0.0.1', loopbackOnly)).toBe('http://127.0.0.1:8080')
    expect(await url('/ip4/127.0.0.2/tcp/8080/http', '127.0.0.1', loopbackOnly)).toBe('http://127.0.0.2:8080')
    expect(await url('/ip6/::1/tcp/8080/http', '::1', loopbackOnly)).toBe('http://[::1]:8080')
    expect(await url('/ip4/192.168.1.20/tcp/8080/http', '192.168.1.20', lan)).toBe('http://192.168.1.20:8080')
    expect(await url('/ip4/203.0.114.7/tcp/443/tls/http', '203.0.114.7', open)).toBe('https://203.0.114.7:443')
  })

  it('refuses a host other than the peer\'s own: a peer cannot point this node at a third party', async () => {
    expect(await url('/ip4/192.168.1.21/tcp/8080/http', '192.168.1.20', lan)).toBeUndefined()
    expect(await url('/ip4/169.254.169.254/tcp/80/http', '127.0.0.1', loopbackOnly)).toBeUndefined()
    expect(await url('/ip4/127.0.0.1/tcp/8080/http', '192.168.1.20', lan)).toBeUndefined()
  })

  it('refuses hosts outside the profile\'s ranges even when they are the peer\'s own', async () => {
    expect(await url('/ip4/10.0.0.5/tcp/8080/http', '10.0.0.5', loopbackOnly)).toBeUndefined()
    expect(await url('/ip4/8.8.8.8/tcp/80/http', '8.8.8.8', lan)).toBeUndefined()
    expect(await url('/ip4/169.254.169.254/tcp/80/http', '169.254.169.254', lan)).toBeUndefined()
    expect(await url('/ip4/169.254.169.254/tcp/80/http', '169.254.169.254', open)).toBeUndefined()
    expect(await url('/ip6/fe80::1/tcp/80/http', 'fe80::1', open)).toBeUndefined()
    expect(await url('/ip6/::ffff:169.254.169.254/tcp/80/http', '::ffff:169.254.169.254', open)).toBeUndefined()
  })

  it('refuses names and other shapes: nothing is resolved or tunnelled', async () => {
    expect(await url('/dns4/localhost/tcp/8080/http', '127.0.0.1', loopbackOnly)).toBeUndefined()
    expect(await url('/ip4/127.0.0.1/tcp/8080', '127.0.0.1', loopbackOnly)).toBeUndefined()
    expect(await url('/ip4/127.0.0.1/tcp/8080/http/p2p-circuit', '127.0.0.1', loopbackOnly)).toBeUndefined()
    expect(await url('/ip4/127.0.0.1/udp/8080/quic-v1', '127.0.0.1', loopbackOnly)).toBeUndefined()
  })

  it('classifies hosts', () => {
    expect(['127.0.0.1', '10.1.2.3', '172.20.0.1', '100.64.0.1', 'fd00::1', '169.254.1.1', '0.0.0.0', '224.0.0.1', '1.1.1.1', '::ffff:10.0.0.1'].map(classifyIp))
      .toEqual(['loopback', 'lan', 'lan', 'lan', 'lan', 'reserved', 'reserved', 'reserved', 'public', 'lan'])
  })
})
