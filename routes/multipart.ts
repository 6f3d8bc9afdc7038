import { Readable } from 'node:stream'
import { Busboy } from '@fastify/busboy'
import { MAX_MULTIPART_FIELD_BYTES, MAX_MULTIPART_FIELDS, MAX_MULTIPART_HEADER_PAIRS } from '../src/constants.ts'
import { InvalidArgumentError, LimitExceededError } from '../src/errors.ts'
import type { AppEnv } from './env.ts'
import type { BusboyFileStream } from '@fastify/busboy'
import type { Context } from 'hono'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

export interface MultipartFile {
  /** Form field name (`file`, `file-1`, …). */
  field: string
  /** Filename with its path kept and URI-decoded, as kubo-rpc-client encodes it. */
  filename: string
  contentType: string
  /** The part's bytes; read it before asking for the next part. */
  content: AsyncIterable<Uint8Array>
}

/**
 * Streams the file parts of the request's multipart/form-data body one at a
 * time, with backpressure: a part's bytes are parsed only as fast as they are
 * consumed, so an upload of any size never sits in memory. Hono's
 * `parseBody()` would buffer the whole body. Served by @hono/node-server, the
 * parser reads Node's request stream itself: going through the web stream
 * Hono offers and back cost a tenth of the add throughput in the bench.
 */
export async function * multipartFiles (c: Context<AppEnv>, signal: AbortSignal = c.req.raw.signal): AsyncGenerator<MultipartFile> {
  const contentType = c.req.header('content-type')
  const body: Readable | null = c.env?.incoming ?? (c.req.raw.body == null ? null : Readable.fromWeb(c.req.raw.body as WebReadableStream<Uint8Array>, { signal }))
  if (body == null || contentType == null || !/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new InvalidArgumentError('expected a multipart/form-data body with a boundary')
  }

  let parser
  try {
    // a part's headers and the non-file fields are held in memory, so they are bounded
    parser = Busboy({
      headers: { 'content-type': contentType },
      preservePath: true,
      limits: { headerPairs: MAX_MULTIPART_HEADER_PAIRS, fields: MAX_MULTIPART_FIELDS, fieldSize: MAX_MULTIPART_FIELD_BYTES }
    })
  } catch (err) {
    throw new InvalidArgumentError(`malformed multipart request: ${(err as Error).message}`)
  }

  const pending: MultipartFile[] = []
  const streams: BusboyFileStream[] = []
  let finished = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const notify = (): void => { wake?.(); wake = undefined }

  parser.on('file', (field: string, stream: BusboyFileStream, filename: string, _encoding: string, mimeType: string) => {
    pending.push({ field, filename: decodeFilename(filename), contentType: mimeType, content: partBytes(stream, (n) => { c.set('uploadedBytes', (c.var.uploadedBytes ?? 0) + n) }) })
    streams.push(stream)
    notify()
  })
  parser.on('field', (name: string, _value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
    if (valueTruncated) {
      failure ??= new LimitExceededError(`multipart field "${name}" is larger than ${MAX_MULTIPART_FIELD_BYTES} bytes`)
      notify()
    }
  })
  parser.on('fieldsLimit', () => { failure ??= new LimitExceededError(`more than ${MAX_MULTIPART_FIELDS} non-file fields in one multipart body`); notify() })
  parser.on('finish', () => { finished = true; notify() })
  parser.on('error', (err: unknown) => { failure ??= new InvalidArgumentError(`malformed multipart request: ${(err as Error).message}`); notify() })

  // piped, not pipeline()d: an early error must not destroy the request, or
  // the socket goes with it and the client never reads its 4xx
  const onBodyError = (err: Error): void => { failure ??= signal?.aborted === true ? err : new InvalidArgumentError(`malformed multipart request: ${err.message}`); notify() }
  const onAbort = (): void => { onBodyError(signal.reason as Error) }
  body.on('error', onBodyError)
  signal.addEventListener('abort', onAbort, { once: true })
  body.pipe(parser)

  try {
    while (true) {
      const next = pending.shift()
      if (next != null) {
        yield next
        // a part the caller did not read must still be drained, or the parser stalls
        streams.shift()?.resume()
        continue
      }
      if (failure != null) {
        throw failure
      }
      if (finished) {
        break
      }
      await new Promise<void>(resolve => { wake = resolve })
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    body.unpipe(parser)
    parser.destroy()
    if (!body.readableEnded && !body.destroyed) {
      // what the client still sends is read and dropped, so the answer reaches it
      body.resume()
    }
  }
}

/** A part's bytes; a body that ends mid-part is the client's fault, so it becomes a 400. */
async function * partBytes (stream: BusboyFileStream, counted: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      counted((chunk as Uint8Array).byteLength)
      yield chunk as Uint8Array
    }
  } catch (err) {
    throw new InvalidArgumentError(`malformed multipart request: ${(err as Error).message}`)
  }
}

function decodeFilename (filename: string): string {
  try {
    return decodeURIComponent(filename)
  } catch {
    return filename
  }
}
