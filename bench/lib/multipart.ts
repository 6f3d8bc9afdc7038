export interface Part {
  /** Kept as the part's filename, URI-encoded as kubo-rpc-client does. */
  path: string
  content: Iterable<Uint8Array>
}

/**
 * A multipart/form-data body generated as it is sent: the client holds one
 * chunk at a time, however big the upload.
 */
export function multipartBody (parts: Iterable<Part>): { body: ReadableStream<Uint8Array>, contentType: string } {
  const boundary = `cairn-bench-${Date.now()}`
  const encoder = new TextEncoder()
  const pieces = (function * () {
    for (const part of parts) {
      yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(part.path)}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
      yield * part.content
      yield encoder.encode('\r\n')
    }
    yield encoder.encode(`--${boundary}--\r\n`)
  })()
  const body = new ReadableStream<Uint8Array>({
    pull (controller) {
      const next = pieces.next()
      if (next.done === true) {
        controller.close()
      } else {
        controller.enqueue(next.value)
      }
    }
  })
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
