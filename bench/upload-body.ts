import { randomFillSync } from 'node:crypto'

const CHUNK_BYTES = 1 << 20

/**
 * A multipart/form-data body with one file of `totalBytes` pseudo-random
 * bytes, generated as it is sent: the client holds one chunk at a time.
 */
export function streamingUpload (totalBytes: number, filename = 'bench.bin'): { body: ReadableStream<Uint8Array>, contentType: string } {
  const boundary = `cairn-bench-${Date.now()}`
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`)
  let sent = 0
  let phase: 'head' | 'data' | 'tail' | 'done' = 'head'
  const body = new ReadableStream<Uint8Array>({
    pull (controller) {
      if (phase === 'head') {
        controller.enqueue(head)
        phase = 'data'
      } else if (phase === 'data') {
        const size = Math.min(CHUNK_BYTES, totalBytes - sent)
        controller.enqueue(randomFillSync(new Uint8Array(size)))
        sent += size
        if (sent >= totalBytes) {
          phase = 'tail'
        }
      } else if (phase === 'tail') {
        controller.enqueue(tail)
        phase = 'done'
      } else {
        controller.close()
      }
    }
  })
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
