import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'

/** Where a pin request is in its life; `failed` and `pinned` are final. */
export type PinRequestStatus = 'queued' | 'pinning' | 'pinned' | 'failed'

export const PIN_REQUEST_STATUSES: readonly PinRequestStatus[] = ['queued', 'pinning', 'pinned', 'failed']

/** What a client asks to pin (the spec's `Pin` object). */
export interface PinSpec {
  cid: string
  name?: string
  /** Multiaddrs, each ending in /p2p/<peer id>, known to hold the DAG; dialled first. */
  origins: string[]
  meta: Record<string, string>
}

/**
 * One pin request: the single model behind the Pinning Service API, kept in
 * the datastore so the queue and the statuses survive restarts.
 */
export interface PinRequest {
  requestid: string
  pin: PinSpec
  status: PinRequestStatus
  /** RFC 3339 with milliseconds; unique and increasing, so it orders and pages requests. */
  created: string
  /** Blocks and bytes of the DAG walked so far (present here or fetched). */
  progress: { blocks: number, bytes: number }
  /** Why the request failed; set with `failed` only. */
  reason?: string
  /** The request this one replaces: it goes once this one is pinned. */
  replaces?: string
}

const PREFIX = '/pin-service/requests/'

function requestKey (requestid: string): Key {
  return new Key(`${PREFIX}${requestid}`)
}

type RequestDatastore = Pick<Datastore, 'get' | 'put' | 'delete' | 'query'>

/** Pin requests as JSON under `/pin-service/requests/<requestid>`. */
export async function saveRequest (datastore: RequestDatastore, request: PinRequest, options: { signal?: AbortSignal } = {}): Promise<void> {
  await datastore.put(requestKey(request.requestid), new TextEncoder().encode(JSON.stringify(request)), options)
}

export async function deleteRequest (datastore: RequestDatastore, requestid: string): Promise<void> {
  await datastore.delete(requestKey(requestid))
}

export async function * loadRequests (datastore: RequestDatastore, options: { signal?: AbortSignal } = {}): AsyncGenerator<PinRequest> {
  for await (const { value } of datastore.query({ prefix: PREFIX }, options)) {
    yield JSON.parse(new TextDecoder().decode(value)) as PinRequest
  }
}

/**
 * Creation times that never repeat nor go back, even for two requests in the
 * same millisecond or a clock set back: each is at least 1 ms after the last.
 */
export class CreatedClock {
  private last = 0

  /** Continues after the newest of the requests loaded at start. */
  observe (created: string): void {
    this.last = Math.max(this.last, Date.parse(created))
  }

  next (): string {
    this.last = Math.max(Date.now(), this.last + 1)
    return new Date(this.last).toISOString()
  }
}
