import type { CairnNode } from '../node.ts'
import type { CID } from 'multiformats/cid'

/**
 * Tells the routing (the DHT of the active profile) that this node holds a
 * CID. Only queues the work (see src/providing): an add must not wait on it.
 */
export function announce (node: Pick<CairnNode, 'providing'>, cid: CID): void {
  node.providing.announce(cid)
}
