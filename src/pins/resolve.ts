import { parseCidPath } from '../cid.ts'
import { IdleDeadline } from '../deadline.ts'
import { resolveUnixfsPath } from '../content/unixfs-path.ts'
import type { PinNode } from './node.ts'
import type { CID } from 'multiformats/cid'

/**
 * Turns a pin argument, a CID or an `/ipfs/<cid>/some/path`, into the CID it
 * names, as Kubo resolves paths before pinning. Walking the path may fetch
 * directory blocks, so it is bounded by the idle timeout.
 */
export async function resolvePinTarget (node: { helia: Pick<PinNode['helia'], 'blockstore'>, config: PinNode['config'] }, input: string, options: { signal?: AbortSignal } = {}): Promise<CID> {
  const { cid, path } = parseCidPath(input)
  if (path === '') {
    return cid
  }
  const deadline = new IdleDeadline(node.config.fetchTimeoutMs, options.signal)
  try {
    return await resolveUnixfsPath(node.helia.blockstore, cid, path, { signal: deadline.signal })
  } catch (err) {
    throw deadline.explain(err, input)
  } finally {
    deadline.clear()
  }
}
