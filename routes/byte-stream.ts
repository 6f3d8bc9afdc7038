/**
 * A web ReadableStream that pulls from an async iterable on demand, so a slow
 * client slows the source down; a client that goes away ends the iteration
 * (its `finally` blocks run and pending fetches are released).
 */
export function toByteStream (source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull (controller) {
      const next: IteratorResult<Uint8Array> = await iterator.next()
      if (next.done === true) {
        controller.close()
      } else {
        controller.enqueue(next.value)
      }
    },
    async cancel () {
      await iterator.return?.()
    }
  }, { highWaterMark: 0 })
}
