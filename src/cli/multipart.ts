import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { UPLOAD_READ_BYTES } from './constants.ts'
import { LocalFileError } from './errors.ts'
import type { UploadEntry } from './folder.ts'

export interface MultipartBody {
  contentType: string
  stream: ReadableStream<Uint8Array>
}

/** A part whose content is not a file on disk (standard input). */
export interface StreamEntry {
  path: string
  content: AsyncIterable<Uint8Array>
}

export interface MultipartOptions {
  /** Called after each chunk of file content is handed to the request. */
  onBytes?(bytes: number): void
  /** Called when a file's last byte has been handed over. */
  onFile?(entry: UploadEntry | StreamEntry): void
}

const encoder = new TextEncoder()

/**
 * An `add` body in Kubo's multipart layout, produced as the request reads it:
 * directories as `application/x-directory` parts, files as
 * `application/octet-stream` parts read from disk chunk by chunk, every part
 * named `file` with its URI-encoded path as filename (what `ipfs add -r` and
 * kubo-rpc-client send). No file is held in memory whole.
 */
export function multipartBody (entries: Iterable<UploadEntry | StreamEntry>, options: MultipartOptions = {}): MultipartBody {
  const boundary = `cairn-${randomBytes(16).toString('hex')}`
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    // the DOM typings lack ReadableStream.from; Node's is the same global class
    stream: NodeReadableStream.from(parts(entries, boundary, options)) as ReadableStream<Uint8Array>
  }
}

async function * parts (entries: Iterable<UploadEntry | StreamEntry>, boundary: string, options: MultipartOptions): AsyncGenerator<Uint8Array> {
  for (const entry of entries) {
    const isDir = !('content' in entry) && entry.file == null
    yield encoder.encode(`--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${encodeURIComponent(entry.path)}"\r\n` +
      `Content-Type: ${isDir ? 'application/x-directory' : 'application/octet-stream'}\r\n\r\n`)
    if (!isDir) {
      for await (const chunk of content(entry)) {
        yield chunk
        options.onBytes?.(chunk.byteLength)
      }
      options.onFile?.(entry)
    }
    yield encoder.encode('\r\n')
  }
  yield encoder.encode(`--${boundary}--\r\n`)
}

async function * content (entry: UploadEntry | StreamEntry): AsyncGenerator<Uint8Array> {
  if ('content' in entry) {
    yield * entry.content
    return
  }
  const file = entry.file ?? ''
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: UPLOAD_READ_BYTES })) {
      yield chunk as Buffer
    }
  } catch (err) {
    // the request fails with this as its cause; the client reports it as it is
    throw new LocalFileError(`cannot read "${file}" while uploading it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}
