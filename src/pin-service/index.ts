/**
 * The Pinning Service API's pin requests: "keep this CID here", whoever holds
 * it now. Each request is persisted in the datastore and moves from `queued`
 * through `pinning` to `pinned` or `failed`; a background worker with bounded
 * concurrency dials the request's origins and pins the whole DAG through the
 * pin engine (src/pins.ts), failing it when no block arrives for the idle
 * timeout. Requests still `queued` or `pinning` resume after a restart.
 *
 * A CID pinned for several requests stays pinned until the last of them goes;
 * a replaced request's CID stays pinned until the request replacing it has
 * settled, so blocks the two share never leave.
 *
 * @example
 * ```ts
 * const service = createPinService({ pins: node, libp2p, log }, { concurrency: 4, idleTimeoutMs: 120_000 })
 * await service.start()
 * const request = await service.add({ cid: 'bafy…', origins: [], meta: {} })
 * service.get(request.requestid).status // 'queued', later 'pinned'
 * await service.stop()
 * ```
 */
import { randomUUID } from 'node:crypto'
import { CID } from 'multiformats/cid'
import { InvalidArgumentError, NotFoundError } from '../errors.ts'
import { isSmallLocalDag, removePin, validatePinListing } from '../pins.ts'
import { filterRequests } from './filter.ts'
import { CreatedClock, deleteRequest, loadRequests, saveRequest } from './request.ts'
import { PinWorker, listing } from './worker.ts'
import type { PinRequestFilter, PinRequestPage } from './filter.ts'
import type { PinRequest, PinSpec } from './request.ts'
import type { WorkerDeps, WorkerOptions } from './worker.ts'

export { DEFAULT_LIST_LIMIT, MAX_CID_FILTER, MAX_LIST_LIMIT, NAME_MATCHES } from './filter.ts'
export type { NameMatch, PinRequestFilter, PinRequestPage } from './filter.ts'
export { PIN_REQUEST_STATUSES } from './request.ts'
export type { PinRequest, PinRequestStatus, PinSpec } from './request.ts'

/**
 * A request whose DAG is already here and has at most this many blocks is
 * pinned before the POST answers; larger or remote ones go through the queue.
 *
 * @default 1024
 */
export const INLINE_PIN_MAX_BLOCKS = 1024

export interface PinService {
  /** Queues a new request; answers at once, before anything is fetched. */
  add(pin: PinSpec): Promise<PinRequest>
  /** @throws NotFoundError */
  get(requestid: string): PinRequest
  list(filter: PinRequestFilter): PinRequestPage
  /** A new request for `pin` takes the old one's place at once; the old CID stays pinned until the new request settles. */
  replace(requestid: string, pin: PinSpec): Promise<PinRequest>
  /** Cancels the request and releases its CID unless another request holds it. */
  remove(requestid: string): Promise<void>
  /** Where a queued request stands in the line, for `info`. */
  queuePosition(requestid: string): { position: number, of: number } | undefined
  start(): Promise<void>
  stop(): Promise<void>
}

export function parsePinCid (cid: string): CID {
  try {
    return CID.parse(cid)
  } catch (err) {
    throw new InvalidArgumentError(`invalid CID "${cid}": ${(err as Error).message}`)
  }
}

export function createPinService (deps: WorkerDeps, options: WorkerOptions): PinService {
  const { datastore } = deps.pins.helia
  const requests = new Map<string, PinRequest>()
  const clock = new CreatedClock()
  let writes: Promise<void> = Promise.resolve()

  /** Writes one request's current state (or its absence), in call order. */
  const persist = async (requestid: string): Promise<void> => {
    const write = writes.then(async () => {
      const request = requests.get(requestid)
      await (request == null ? deleteRequest(datastore, requestid) : saveRequest(datastore, request))
    })
    writes = write.catch(() => {})
    await write
  }

  const update = async (requestid: string, change: Partial<PinRequest>): Promise<void> => {
    const request = requests.get(requestid)
    if (request != null) {
      Object.assign(request, change)
      await persist(requestid)
    }
  }

  /** Another request, or a replace in flight, that needs this CID to stay pinned. */
  const held = (cid: CID): boolean => {
    const key = cid.toV1().toString()
    for (const request of requests.values()) {
      if ((request.status !== 'failed' && parsePinCid(request.pin.cid).toV1().toString() === key) ||
        (request.replaces != null && parsePinCid(request.replaces).toV1().toString() === key)) {
        return true
      }
    }
    return false
  }

  const release = async (cidString: string): Promise<void> => {
    const cid = parsePinCid(cidString)
    if (held(cid)) {
      return
    }
    try {
      await removePin(deps.pins.helia, cid)
    } catch (err) {
      if ((err as Error).name !== 'NotFoundError') {
        throw err
      }
    }
  }

  /** A replacing request has settled: the CID it replaced may go now. */
  const settle = async (requestid: string): Promise<void> => {
    const replaced = requests.get(requestid)?.replaces
    if (replaced != null) {
      await update(requestid, { replaces: undefined })
      await release(replaced)
    }
  }

  const worker = new PinWorker(deps, options, {
    onStart: async requestid => update(requestid, { status: 'pinning' }),
    onProgress: async (requestid, progress) => update(requestid, { progress }),
    onPinned: async requestid => {
      await update(requestid, { status: 'pinned' })
      const pinned = requests.get(requestid)
      if (pinned != null) {
        deps.announce?.(parsePinCid(pinned.pin.cid))
      }
      await settle(requestid)
    },
    onFailed: async (requestid, reason) => {
      await update(requestid, { status: 'failed', reason })
      await settle(requestid)
    }
  })

  const create = async (pin: PinSpec, replaces?: string): Promise<PinRequest> => {
    const cid = parsePinCid(pin.cid)
    validatePinListing(listing(pin.meta))
    const request: PinRequest = {
      requestid: randomUUID(),
      pin,
      status: 'queued',
      created: clock.next(),
      progress: { blocks: 0, bytes: 0 },
      replaces
    }
    requests.set(request.requestid, request)
    await persist(request.requestid)
    if (await isSmallLocalDag(deps.pins.helia, cid, { maxBlocks: INLINE_PIN_MAX_BLOCKS })) {
      // answered `pinned` at once, and listed as such right away, as clients of the spec expect
      await worker.runNow({ request, cid })
    } else {
      worker.enqueue({ request, cid })
    }
    return structuredClone(requests.get(request.requestid) ?? request)
  }

  const find = (requestid: string): PinRequest => {
    const request = requests.get(requestid)
    if (request == null) {
      throw new NotFoundError(`no pin request ${requestid}`)
    }
    return request
  }

  return {
    add: async pin => create(pin),

    get: requestid => structuredClone(find(requestid)),

    list: filter => filterRequests(requests.values(), filter),

    async replace (requestid, pin) {
      const old = find(requestid)
      parsePinCid(pin.cid)
      validatePinListing(listing(pin.meta))
      await worker.cancel(requestid)
      requests.delete(requestid)
      await persist(requestid)
      // one CID waits on a replace: an older one still waiting (a replace of an unsettled replace) goes now
      if (old.replaces != null) {
        await release(old.replaces)
      }
      return create(pin, old.pin.cid)
    },

    async remove (requestid) {
      const request = find(requestid)
      await worker.cancel(requestid)
      requests.delete(requestid)
      await persist(requestid)
      await release(request.pin.cid)
      if (request.replaces != null) {
        await release(request.replaces)
      }
    },

    queuePosition: requestid => worker.position(requestid),

    async start () {
      const resumed: PinRequest[] = []
      for await (const request of loadRequests(datastore)) {
        requests.set(request.requestid, request)
        clock.observe(request.created)
        if (request.status === 'queued' || request.status === 'pinning') {
          resumed.push(request)
        } else if (request.replaces != null) {
          await settle(request.requestid)
        }
      }
      resumed.sort((a, b) => Date.parse(a.created) - Date.parse(b.created))
      for (const request of resumed) {
        worker.enqueue({ request, cid: parsePinCid(request.pin.cid) })
      }
      if (resumed.length > 0) {
        deps.log.info({ count: resumed.length }, 'resuming pin requests')
      }
    },

    async stop () {
      await worker.stop()
      await writes
    }
  }
}
