import { walkPath } from 'ipfs-unixfs-exporter'
import { ContentNotFoundError } from '../errors.ts'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/** What the exporter throws for a name that is not in a directory. */
const MISSING_PATH_ERRORS = new Set(['NotFoundError', 'ERR_NOT_FOUND', 'DoesNotExistError'])

/**
 * The CID that a UnixFS path under `cid` names, through directories and
 * sharded directories. A segment that is not there fails with Kubo's
 * wording, `no link named "x" under <cid>`, and so does a path that goes on
 * below a file, which the exporter would let through.
 */
export async function resolveUnixfsPath (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, options: { signal?: AbortSignal } = {}): Promise<CID> {
  const segments = path.split('/').filter(segment => segment !== '')
  if (segments.length === 0) {
    return cid
  }
  let at = cid
  let remainder = segments
  try {
    for await (const entry of walkPath(`/ipfs/${cid.toString()}/${segments.join('/')}`, blockstore, options)) {
      at = entry.cid
      remainder = entry.remainder
    }
  } catch (err) {
    if (!MISSING_PATH_ERRORS.has((err as Error).name)) {
      throw err
    }
  }
  if (remainder.length > 0) {
    throw noLink(remainder[0] ?? '', at)
  }
  return at
}

/** Kubo's (boxo's path resolver's) error for a name a node does not link. */
export function noLink (name: string, under: CID): ContentNotFoundError {
  return new ContentNotFoundError(`no link named "${name}" under ${under.toString()}`)
}
