import { parseCidPath } from '../cid.ts'
import { IdleDeadline } from '../content/idle-deadline.ts'
import { ContentNotFoundError } from '../errors.ts'
import type { PinNode } from './node.ts'
import type { CID } from 'multiformats/cid'

const MISSING_PATH_ERRORS = new Set(['NotFoundError', 'ERR_NOT_FOUND', 'DoesNotExistError'])

/**
 * Turns a pin argument, a CID or an `/ipfs/<cid>/some/path`, into the CID it
 * names, as Kubo resolves paths before pinning. Walking the path may fetch
 * directory blocks, so it is bounded by the idle timeout.
 */
export async function resolvePinTarget (node: Pick<PinNode, 'fs' | 'config'>, input: string, options: { signal?: AbortSignal } = {}): Promise<CID> {
  const { cid, path } = parseCidPath(input)
  if (path === '') {
    return cid
  }
  const deadline = new IdleDeadline(node.config.fetchTimeoutMs, options.signal)
  try {
    const stats = await node.fs.stat(cid, { path, signal: deadline.signal })
    return stats.cid
  } catch (err) {
    if (MISSING_PATH_ERRORS.has((err as Error).name)) {
      throw new ContentNotFoundError(`${input}: no such file or directory`)
    }
    throw deadline.explain(err, input)
  } finally {
    deadline.clear()
  }
}
