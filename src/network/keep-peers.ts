import { setTimeout as delay } from 'node:timers/promises'
import { KEEP_ALIVE } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { withTimeout } from '../deadline.ts'
import type { Logger } from '../logger.ts'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Waits between dials of a peer known only by address, until one answers; the last repeats. */
export const ADDRESS_RETRY_MS = [1_000, 2_000, 3_000, 5_000, 10_000, 30_000] as const

export interface KeepPeersOptions {
  /** Bounds the first dial of each peer, which start-up waits for. */
  dialTimeoutMs: number
  /** Ends the retries of address-only peers (the node's lifetime). */
  signal: AbortSignal
}

/**
 * Records the configured peers with libp2p's keep-alive tag, so its connection
 * manager redials them whenever the connection drops, then dials them now.
 * A peer that is down is logged, not fatal. An address without /p2p/ (a
 * compose service name, say, whose peer ID is only known once it answers) is
 * dialled until it answers, then kept alive under the ID it proved.
 */
export async function keepPeers (libp2p: Libp2p, peers: string[], log: Logger, options: KeepPeersOptions): Promise<void> {
  await Promise.all(peers.map(async (address) => {
    const ma = multiaddr(address)
    const peerId = ma.getComponents().findLast(c => c.name === 'p2p')?.value
    if (peerId == null) {
      await keepAddress(libp2p, ma, log, options)
      return
    }
    await keepAlive(libp2p, peerIdFromString(peerId), ma)
    await dialOnce(libp2p, ma, log, options)
  }))
}

async function keepAddress (libp2p: Libp2p, ma: Multiaddr, log: Logger, options: KeepPeersOptions): Promise<void> {
  const first = await dialOnce(libp2p, ma, log, options)
  if (first != null) {
    await keepAlive(libp2p, first, ma)
    return
  }
  // libp2p redials tagged peers only; until this one has an ID, Cairn retries
  void (async () => {
    for (let attempt = 0; !options.signal.aborted; attempt++) {
      await sleep(ADDRESS_RETRY_MS[Math.min(attempt, ADDRESS_RETRY_MS.length - 1)]!, options.signal)
      const remote = options.signal.aborted
        ? undefined
        : await dialOnce(libp2p, ma, log, options, 'debug')
      if (remote != null) {
        await keepAlive(libp2p, remote, ma)
        return
      }
    }
  })().catch((err: Error) => {
    log.warn({ peer: ma.toString(), err: err.message }, 'stopped retrying a configured peer')
  })
}

/** Tags the peer so that libp2p's connection manager redials it at `ma` whenever it drops. */
async function keepAlive (libp2p: Libp2p, peer: PeerId, ma: Multiaddr): Promise<void> {
  await libp2p.peerStore.merge(peer, {
    multiaddrs: [ma],
    tags: { [KEEP_ALIVE]: { value: 1 } }
  })
}

/** The remote peer's ID once connected, or undefined when the dial failed (logged). */
async function dialOnce (libp2p: Libp2p, ma: Multiaddr, log: Logger, options: KeepPeersOptions, failureLevel: 'warn' | 'debug' = 'warn'): Promise<PeerId | undefined> {
  try {
    const connection = await libp2p.dial(ma, { signal: withTimeout(options.dialTimeoutMs, options.signal) })
    log.info({ peer: ma.toString(), peerId: connection.remotePeer.toString() }, 'connected to configured peer')
    return connection.remotePeer
  } catch (err) {
    log[failureLevel]({ peer: ma.toString(), err: (err as Error).message }, 'configured peer not reachable yet; retrying')
    return undefined
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => {})
}
