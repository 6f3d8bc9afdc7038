import { BlockList, isIP } from 'node:net'
import { multiaddr } from '@multiformats/multiaddr'
import { isLoopbackIp } from '../network/loopback-gater.ts'
import type { ConnectionGater } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * Which peer gateways this node may send HTTP requests to. A peer names its
 * own gateway, so without rules any peer could make this node fetch from any
 * host it can reach (cloud metadata at 169.254.169.254, a LAN admin page, a
 * public site): server-side request forgery.
 */
export interface GatewayAddressRules {
  /** Only loopback hosts (CAIRN_LOOPBACK_ONLY). */
  loopbackOnly: boolean
  /** `private`: LAN and loopback hosts only; `public`: public, LAN and loopback, never link-local or reserved. */
  network: 'private' | 'public'
  /** The node's connection gater: an address libp2p would not dial is not fetched from either. */
  gater?: Pick<ConnectionGater, 'denyDialMultiaddr'>
}

const LAN = new BlockList()
LAN.addSubnet('10.0.0.0', 8, 'ipv4')
LAN.addSubnet('172.16.0.0', 12, 'ipv4')
LAN.addSubnet('192.168.0.0', 16, 'ipv4')
LAN.addSubnet('100.64.0.0', 10, 'ipv4')
LAN.addSubnet('fc00::', 7, 'ipv6')

/** Link-local, unspecified, multicast, broadcast, documentation and other reserved ranges: never a gateway. */
const RESERVED = new BlockList()
RESERVED.addSubnet('0.0.0.0', 8, 'ipv4')
RESERVED.addSubnet('169.254.0.0', 16, 'ipv4')
RESERVED.addSubnet('192.0.0.0', 24, 'ipv4')
RESERVED.addSubnet('192.0.2.0', 24, 'ipv4')
RESERVED.addSubnet('198.18.0.0', 15, 'ipv4')
RESERVED.addSubnet('198.51.100.0', 24, 'ipv4')
RESERVED.addSubnet('203.0.113.0', 24, 'ipv4')
RESERVED.addSubnet('224.0.0.0', 3, 'ipv4')
RESERVED.addSubnet('::', 128, 'ipv6')
RESERVED.addSubnet('fe80::', 10, 'ipv6')
RESERVED.addSubnet('ff00::', 8, 'ipv6')
RESERVED.addSubnet('2001:db8::', 32, 'ipv6')
RESERVED.addSubnet('64:ff9b::', 96, 'ipv6')

export type IpClass = 'loopback' | 'lan' | 'reserved' | 'public'

/** The kind of host an IP address is; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) counts as its IPv4 address. */
export function classifyIp (ip: string): IpClass {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1]
  const address = mapped ?? ip
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6'
  if (isLoopbackIp(address)) {
    return 'loopback'
  }
  if (RESERVED.check(address, family)) {
    return 'reserved'
  }
  return LAN.check(address, family) ? 'lan' : 'public'
}

/** True when this node's rules let it send a request to `ip`. */
export function mayFetchFrom (ip: string, rules: GatewayAddressRules): boolean {
  const kind = classifyIp(ip)
  if (rules.loopbackOnly) {
    return kind === 'loopback'
  }
  if (rules.network === 'private') {
    return kind === 'loopback' || kind === 'lan'
  }
  return kind !== 'reserved'
}

/**
 * The base URL of a gateway a peer announced as `/ip4|ip6/<ip>/tcp/<port>/http`
 * (or `/tls/http`, `/https`), or undefined when the address is another shape
 * (no DNS names: resolving one would bypass every check here), when its host
 * is not the IP this node reached the peer on (a peer may only point at
 * itself; both loopback counts as the same host), or when the rules forbid it.
 */
export async function gatewayUrlOf (ma: Multiaddr, remoteIp: string, rules: GatewayAddressRules): Promise<string | undefined> {
  const parts = ma.getComponents()
  const [host, tcp, ...rest] = parts
  if ((host?.name !== 'ip4' && host?.name !== 'ip6') || host.value == null || tcp?.name !== 'tcp' || tcp.value == null) {
    return undefined
  }
  const scheme = schemeOf(rest.map(part => part.name))
  const port = Number(tcp.value)
  if (scheme == null || !Number.isInteger(port) || port < 1 || port > 65535) {
    return undefined
  }
  const sameHost = sameIp(host.value, remoteIp) || (isLoopbackIp(host.value) && isLoopbackIp(remoteIp))
  if (!sameHost || !mayFetchFrom(host.value, rules)) {
    return undefined
  }
  if (await rules.gater?.denyDialMultiaddr?.(multiaddr(`/${host.name}/${host.value}/tcp/${port}`)) === true) {
    return undefined
  }
  return `${scheme}://${host.name === 'ip6' ? `[${host.value}]` : host.value}:${port}`
}

function schemeOf (names: string[]): 'http' | 'https' | undefined {
  const shape = names.join('/')
  if (shape === 'http') {
    return 'http'
  }
  return shape === 'tls/http' || shape === 'https' ? 'https' : undefined
}

function sameIp (a: string, b: string): boolean {
  const list = new BlockList()
  const family = isIP(a) === 4 ? 'ipv4' : 'ipv6'
  list.addAddress(a, family)
  return list.check(b, isIP(b) === 4 ? 'ipv4' : 'ipv6')
}
