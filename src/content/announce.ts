import type { CairnNode } from '../node.ts'
import type { CID } from 'multiformats/cid'

/**
 * Tells the routing (the DHT of the active profile) that this node holds a
 * CID, in the background: an add must not wait on it. Bounded by the provide
 * timeout and cancelled when the node stops.
 */
export function announce (node: Pick<CairnNode, 'helia' | 'config' | 'log' | 'signal'>, cid: CID): void {
  const signal = AbortSignal.any([node.signal, AbortSignal.timeout(node.config.provideTimeoutMs)])
  node.helia.routing.provide(cid, { signal }).then(
    () => node.log.debug({ cid: cid.toString() }, 'provided'),
    (err: Error) => node.log.debug({ cid: cid.toString(), err: err.message }, 'provide did not complete')
  )
}
