import { ContentNotFoundError, InvalidArgumentError, UnsupportedContentError } from '../errors.ts'
import { IdleDeadline } from '../deadline.ts'
import { resolveUnixfsPath } from './unixfs-path.ts'
import type { Helia } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'
import type { CID } from 'multiformats/cid'

export interface OpenFileOptions {
  /** Path below the CID, when it is a directory. */
  path?: string
  offset?: number
  length?: number
  /** Fail when no block arrives for this long. */
  idleTimeoutMs: number
  signal?: AbortSignal
}

export interface OpenFile {
  /** Full size of the file in bytes, whatever range was asked for. */
  size: bigint
  /** The requested bytes; pulls blocks from peers as it goes. */
  body: AsyncIterable<Uint8Array>
}

/**
 * Resolves a CID to a UnixFS file (or raw block) and returns its size and a
 * lazy stream of its bytes. Fails before any byte is sent when the content
 * cannot be found or is not a file, so callers can still answer with a status.
 */
export async function openFile (node: { fs: Pick<UnixFS, 'stat' | 'cat'>, helia: Pick<Helia, 'blockstore'> }, cid: CID, options: OpenFileOptions): Promise<OpenFile> {
  if ((options.offset ?? 0) < 0 || (options.length ?? 0) < 0) {
    throw new InvalidArgumentError('offset and length must not be negative')
  }
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  const what = options.path == null || options.path === '' ? cid.toString() : `${cid.toString()}/${options.path}`
  let target: CID
  let stats
  try {
    target = await resolveUnixfsPath(node.helia.blockstore, cid, options.path ?? '', { signal: deadline.signal })
    stats = await node.fs.stat(target, { signal: deadline.signal })
  } catch (err) {
    deadline.clear()
    throw deadline.explain(notFoundPath(err, what), what)
  }
  if (stats.type === 'directory') {
    deadline.clear()
    // Kubo's words (coreiface.ErrIsDir)
    throw new UnsupportedContentError('this dag node is a directory')
  }

  return {
    size: stats.size,
    body: (async function * () {
      try {
        deadline.touch()
        for await (const chunk of node.fs.cat(target, { offset: options.offset, length: options.length, signal: deadline.signal })) {
          deadline.touch()
          yield chunk
        }
      } catch (err) {
        throw deadline.explain(err, what)
      } finally {
        deadline.clear()
      }
    })()
  }
}

/** The exporter reports a missing link in a path as its own error; to callers it is unknown content. */
export function notFoundPath (err: unknown, what: string): unknown {
  if ((err as Error).name === 'NotFoundError' || (err as Error).name === 'ERR_NOT_FOUND') {
    return new ContentNotFoundError(`${what}: no such file or directory`)
  }
  return err
}
