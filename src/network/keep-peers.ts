import { KEEP_ALIVE } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '../logger.ts'
import type { Libp2p } from '@libp2p/interface'

/**
 * Records the configured peers with libp2p's keep-alive tag, so its connection
 * manager redials them whenever the connection drops, then dials them now.
 * A peer that is down is logged, not fatal: it is retried by libp2p.
 */
export async function keepPeers (libp2p: Libp2p, peers: string[], log: Logger, signal?: AbortSignal): Promise<void> {
  await Promise.all(peers.map(async (address) => {
    const ma = multiaddr(address)
    const peerId = peerIdFromString(ma.getComponents().findLast(c => c.name === 'p2p')?.value ?? '')
    await libp2p.peerStore.merge(peerId, {
      multiaddrs: [ma],
      tags: { [KEEP_ALIVE]: { value: 1 } }
    })
    try {
      await libp2p.dial(ma, { signal })
      log.info({ peer: address }, 'connected to configured peer')
    } catch (err) {
      log.warn({ peer: address, err: (err as Error).message }, 'configured peer not reachable yet; libp2p keeps retrying')
    }
  }))
}
