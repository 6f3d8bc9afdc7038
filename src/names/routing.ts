import { ipnsRoutingKey } from '../keys/key-id.ts'
import { withTimeout } from '../deadline.ts'
import type { NameDigest } from '../keys/key-id.ts'
import type { Routing } from '@helia/interface'
import type { AbortOptions, Libp2p } from '@libp2p/interface'

export interface NameRoutingComponents {
  routing: Pick<Routing, 'get' | 'put'>
  /** With no connection at all the DHT would only wait out the timeout: it is not asked then. */
  network: Pick<Libp2p, 'getConnections'>
}

export interface RoutingCallOptions extends AbortOptions {
  /** Every routing call is bounded, as the DHT itself never gives up; 0 leaves it to the caller's signal. */
  timeoutMs: number
}

export type GetOutcome = { bytes: Uint8Array, error?: undefined } | { bytes?: undefined, error: string }

export interface PutOutcome {
  /** DHT peers that acknowledged the record. */
  peers: number
  /** Why no peer took it, when none did. */
  error?: string
}

interface DhtPeerResponse {
  messageType?: string
  from?: { toString(): string }
}

export function isOnline ({ network }: Pick<NameRoutingComponents, 'network'>): boolean {
  return network.getConnections().length > 0
}

/**
 * Puts a signed record to every router (the DHT also stores it locally) and
 * counts the DHT peers that acknowledged it. Never throws for a failed put:
 * the outcome says what happened. Only the caller's own abort is rethrown.
 */
export async function putRecord (components: NameRoutingComponents, digest: NameDigest, record: Uint8Array, options: RoutingCallOptions): Promise<PutOutcome> {
  if (!isOnline(components)) {
    return { peers: 0, error: 'this node is connected to no peer' }
  }
  const acknowledged = new Set<string>()
  const signal = routingSignal(options)
  try {
    await components.routing.put(ipnsRoutingKey(digest), record, {
      signal,
      onProgress (event) {
        // helia's types list its own events only; the DHT's pass through at runtime
        const { type, detail } = event as { type: string, detail: DhtPeerResponse | undefined }
        if (type === 'kad-dht:query:peer-response' && detail?.messageType === 'PUT_VALUE' && detail.from != null) {
          acknowledged.add(detail.from.toString())
        }
      }
    })
  } catch (err) {
    options.signal?.throwIfAborted()
    if (acknowledged.size === 0) {
      return { peers: 0, error: signal?.aborted === true ? `no peer took it within ${options.timeoutMs} ms` : `the routing failed: ${(err as Error).message}` }
    }
  }
  return acknowledged.size === 0
    ? { peers: 0, error: 'no peer took it' }
    : { peers: acknowledged.size }
}

/**
 * The best record the routing offers for a name (the DHT asks the closest
 * peers, this node included, and keeps the highest sequence), not yet
 * checked here. A lookup that finds nothing, fails or times out says why.
 * Only the caller's own abort is rethrown.
 */
export async function getRecord (components: NameRoutingComponents, digest: NameDigest, options: RoutingCallOptions): Promise<GetOutcome> {
  if (!isOnline(components)) {
    return { error: 'this node is connected to no peer' }
  }
  const signal = routingSignal(options)
  try {
    const bytes = await components.routing.get(ipnsRoutingKey(digest), { signal })
    return { bytes }
  } catch (err) {
    options.signal?.throwIfAborted()
    if (signal?.aborted === true) {
      return { error: `no record found within ${options.timeoutMs} ms` }
    }
    // helia reports "no router had it" as GetFailedError, the DHT alone as NotFoundError
    const notFound = ['NotFoundError', 'GetFailedError'].includes((err as Error).name)
    return { error: notFound ? 'no record found' : `the routing failed: ${(err as Error).message}` }
  }
}

/** The caller's signal, with the call's time limit when it has one (0 is none). */
function routingSignal (options: RoutingCallOptions): AbortSignal | undefined {
  return options.timeoutMs > 0 ? withTimeout(options.timeoutMs, options.signal) : options.signal
}
