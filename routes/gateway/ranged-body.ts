import { randomBytes } from 'node:crypto'
import { MAX_BYTE_RANGES } from '../../src/constants.ts'
import { toByteStream } from '../byte-stream.ts'

/** Something whose bytes can be read by range: a UnixFS file, a block, a generated page. */
export interface RangeSource {
  size: number
  /** Bytes [offset, offset + length), fetching only what that span needs. */
  read(offset: number, length: number): AsyncIterable<Uint8Array>
  /** All of it, when it is already in memory: sent in one write, without a stream. */
  bytes?: Uint8Array
}

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

export function bytesSource (bytes: Uint8Array): RangeSource {
  return {
    size: bytes.byteLength,
    bytes,
    // eslint-disable-next-line @typescript-eslint/require-await
    async * read (offset, length) { yield bytes.subarray(offset, offset + length) }
  }
}

/**
 * Reads a `Range` header against a size (RFC 9110 §14): undefined when there
 * is none or it cannot be used (then the whole body is sent), 'unsatisfiable'
 * when no range overlaps the body (416), else the ranges, end clamped.
 */
export function parseRange (header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | undefined {
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header ?? '')
  if (match?.[1] == null) {
    return undefined
  }
  const specs = match[1].split(',').map(s => s.trim()).filter(s => s !== '')
  if (specs.length === 0 || specs.length > MAX_BYTE_RANGES) {
    return undefined
  }
  const ranges: ByteRange[] = []
  for (const spec of specs) {
    const parts = /^(\d*)-(\d*)$/.exec(spec)
    if (parts == null || (parts[1] === '' && parts[2] === '')) {
      return undefined
    }
    const [, first = '', last = ''] = parts
    if (first === '') {
      const suffix = Number(last)
      if (suffix > 0 && size > 0) {
        ranges.push({ start: Math.max(0, size - suffix), end: size - 1 })
      }
      continue
    }
    const start = Number(first)
    // an open range past the end (`bytes=20-` of 16 bytes) is unsatisfiable, not invalid
    const end = last === '' ? Math.max(size - 1, start) : Number(last)
    if (end < start) {
      return undefined
    }
    if (start < size) {
      ranges.push({ start, end: Math.min(end, size - 1) })
    }
  }
  return ranges.length === 0 ? 'unsatisfiable' : ranges
}

export interface SendOptions {
  contentType: string
  headers: Record<string, string>
  /** Status of a whole-body answer (a `_redirects` rule may serve a page as 404). Ranges apply to 200 only. */
  status?: number
  /** HEAD: headers only, nothing read. */
  head: boolean
  range?: string
}

/**
 * Answers with the source's bytes: whole (200), one range (206 with
 * `Content-Range`), several (206 `multipart/byteranges`), or 416 when the
 * `Range` cannot be satisfied. Always with an exact `Content-Length`.
 */
export function sendRanged (source: RangeSource, options: SendOptions): Response {
  const status = options.status ?? 200
  const headers: Record<string, string> = { ...options.headers, 'Content-Type': options.contentType, 'Accept-Ranges': 'bytes' }
  const ranges = status === 200 ? parseRange(options.range, source.size) : undefined
  if (ranges === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${source.size}` } })
  }
  if (ranges == null) {
    headers['Content-Length'] = String(source.size)
    return new Response(options.head ? null : span(source, 0, source.size), { status, headers })
  }
  if (ranges.length === 1 && ranges[0] != null) {
    const { start, end } = ranges[0]
    headers['Content-Range'] = `bytes ${start}-${end}/${source.size}`
    headers['Content-Length'] = String(end - start + 1)
    return new Response(options.head ? null : span(source, start, end - start + 1), { status: 206, headers })
  }
  const boundary = randomBytes(16).toString('hex')
  const encoder = new TextEncoder()
  const parts = ranges.map(({ start, end }, i) => ({
    start,
    end,
    head: encoder.encode(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${options.contentType}\r\nContent-Range: bytes ${start}-${end}/${source.size}\r\n\r\n`)
  }))
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  const length = parts.reduce((sum, p) => sum + p.head.byteLength + p.end - p.start + 1, tail.byteLength)
  headers['Content-Type'] = `multipart/byteranges; boundary=${boundary}`
  headers['Content-Length'] = String(length)
  const body = async function * (): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      yield part.head
      yield * source.read(part.start, part.end - part.start + 1)
    }
    yield tail
  }
  return new Response(options.head ? null : toByteStream(body()), { status: 206, headers })
}

function span (source: RangeSource, offset: number, length: number): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> {
  return source.bytes != null
    ? source.bytes.subarray(offset, offset + length) as Uint8Array<ArrayBuffer>
    : toByteStream(source.read(offset, length))
}
