import { toByteStream } from '../byte-stream.ts'
import { explainDeadline } from '../../src/deadline.ts'
import { toHttpError, kuboErrorBody } from '../errors.ts'
import { commandSignal } from './timeout.ts'
import type { AppEnv } from '../env.ts'
import type { Context } from 'hono'

const encoder = new TextEncoder()

/**
 * Answers a streaming Kubo command: one JSON object per line, as they come.
 *
 * The first object is awaited before any header is sent, so an error that
 * happens at once (bad input) still gets its 4xx from `onError`. An error
 * after that point can only be reported in-band: as Kubo does, in the
 * `X-Stream-Error` trailer, and also as a final Kubo error object, because
 * fetch-based clients cannot read trailers.
 */
export async function ndjson (c: Context<AppEnv>, source: AsyncIterable<unknown>): Promise<Response> {
  const iterator = source[Symbol.asyncIterator]()
  const first = await iterator.next()
  const outgoing = c.env?.outgoing

  const lines = async function * (): AsyncGenerator<Uint8Array> {
    try {
      for (let next = first; next.done !== true; next = await iterator.next()) {
        yield encoder.encode(JSON.stringify(next.value) + '\n')
      }
    } catch (err) {
      const error = toHttpError(explainDeadline(err, commandSignal(c)))
      outgoing?.addTrailers({ 'X-Stream-Error': error.message })
      yield encoder.encode(JSON.stringify(kuboErrorBody(error)) + '\n')
    } finally {
      // a client that goes away ends the source too
      await iterator.return?.()
    }
  }

  return c.body(toByteStream(lines()), 200, {
    'Content-Type': 'application/json',
    'X-Chunked-Output': '1',
    Trailer: 'X-Stream-Error'
  })
}
