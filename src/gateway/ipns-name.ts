import type { CairnNode } from '../node.ts'
import type { ResolvedContent } from '../names/index.ts'

export interface ResolveGatewayNameOptions {
  signal: AbortSignal
  /** Bound on a routing lookup, when the record is not held here within its TTL. */
  timeoutMs: number
}

/**
 * The one place the gateway turns `/ipns/<name>` into `{ cid, path, ttlMs }`:
 * the names module follows the name (and names it points at) from records
 * held here within their TTL, else from the routing, checking signatures and
 * EOL. `path` is the record's own path below the CID, the site's root.
 */
export async function resolveGatewayName (node: Pick<CairnNode, 'names'>, name: string, options: ResolveGatewayNameOptions): Promise<ResolvedContent> {
  return node.names.resolveContent(`/ipns/${name}`, { signal: options.signal, timeoutMs: options.timeoutMs })
}
