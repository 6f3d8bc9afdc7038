import { InvalidArgumentError, UnsupportedContentError } from '../errors.ts'
import { IdleDeadline } from './idle-deadline.ts'
import type { UnixFS } from '@helia/unixfs'
import type { CID } from 'multiformats/cid'

export interface OpenFileOptions {
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
export async function openFile (fs: UnixFS, cid: CID, options: OpenFileOptions): Promise<OpenFile> {
  if ((options.offset ?? 0) < 0 || (options.length ?? 0) < 0) {
    throw new InvalidArgumentError('offset and length must not be negative')
  }
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  let stats
  try {
    stats = await fs.stat(cid, { signal: deadline.signal })
  } catch (err) {
    deadline.clear()
    throw deadline.explain(err, cid.toString())
  }
  if (stats.type === 'directory') {
    deadline.clear()
    throw new UnsupportedContentError(`${cid.toString()} is a directory, not a file`)
  }

  return {
    size: stats.size,
    body: (async function * () {
      try {
        deadline.touch()
        for await (const chunk of fs.cat(cid, { offset: options.offset, length: options.length, signal: deadline.signal })) {
          deadline.touch()
          yield chunk
        }
      } catch (err) {
        throw deadline.explain(err, cid.toString())
      } finally {
        deadline.clear()
      }
    })()
  }
}
