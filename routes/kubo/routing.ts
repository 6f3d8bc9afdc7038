import { peerIdFromMultihash, peerIdFromString } from '@libp2p/peer-id'
import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { readBounded } from '../../src/blocks/limits.ts'
import { InvalidArgumentError, LimitExceededError } from '../../src/errors.ts'
import { parseKeyId } from '../../src/keys/key-id.ts'
import { MAX_RECORD_BYTES } from '../../src/names/record.ts'
import { multipartFiles } from '../multipart.ts'
import { findPeer, findProviders, provide } from '../../src/peers/routing.ts'
import { args, requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { PeerRecord } from '../../src/peers/routing.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { PeerId } from '@libp2p/interface'

const findProvsQuery = z.object({
  'num-providers': z.coerce.number().int().optional(),
  n: z.coerce.number().int().optional(),
  verbose: kuboBool.optional(),
  v: kuboBool.optional()
})

const provideQuery = z.object({
  recursive: kuboBool.optional(),
  r: kuboBool.optional(),
  verbose: kuboBool.optional(),
  v: kuboBool.optional()
})

const putQuery = z.object({
  'allow-offline': kuboBool.optional(),
  verbose: kuboBool.optional(),
  v: kuboBool.optional()
})

/** Kubo's routing.QueryEventType values. */
const EVENT = { FinalPeer: 2, QueryError: 3, Provider: 4, Value: 5 } as const

/** `POST /api/v0/routing/{findprovs,provide,findpeer,get,put}`, answering Kubo's routing query events as ndjson. */
export function routingRoutes ({ node }: RouteDeps) {
  const { helia, config } = node
  return new Hono<AppEnv>()
    .post('/findprovs', kuboQuery(findProvsQuery), (c) => {
      const q = c.req.valid('query')
      const { cid } = parseCidPath(requiredArg(c, 'key'))
      const providers = findProviders(helia, cid, {
        max: q['num-providers'] ?? q.n,
        timeoutMs: config.fetchTimeoutMs,
        signal: commandSignal(c)
      })
      return ndjson(c, (async function * () {
        for await (const provider of providers) {
          yield queryEvent(EVENT.Provider, [provider])
        }
      })())
    })
    .post('/provide', kuboQuery(provideQuery), (c) => {
      const q = c.req.valid('query')
      const cids = args(c).map(arg => parseCidPath(arg).cid)
      return ndjson(c, (async function * () {
        // Kubo's provide streams the DHT's own query events; Cairn's has none to give, so success is an empty stream
        await provide(helia, cids, { recursive: q.recursive ?? q.r, timeoutMs: config.provideTimeoutMs, signal: commandSignal(c) })
        yield * []
      })())
    })
    .post('/get', async (c) => {
      const name = ipnsKey(requiredArg(c, 'key'))
      const { record } = await node.names.record(name, { timeoutMs: config.fetchTimeoutMs, signal: commandSignal(c) })
      // as Kubo: the value travels base64-encoded in Extra
      return c.json({ ...queryEvent(EVENT.Value, []), Extra: Buffer.from(record.bytes).toString('base64') })
    })
    .post('/put', kuboQuery(putQuery), async (c) => {
      const name = ipnsKey(requiredArg(c, 'key'))
      const signal = commandSignal(c)
      let record: Uint8Array | undefined
      for await (const part of multipartFiles(c, signal)) {
        record ??= await readBounded(part.content, MAX_RECORD_BYTES, size => new LimitExceededError(`an IPNS record is at most ${MAX_RECORD_BYTES} bytes (${size} so far)`))
      }
      if (record == null) {
        throw new InvalidArgumentError('argument "value-file" is required')
      }
      // checked against the name, kept, and put to the routing now and on the republish schedule
      await node.names.accept(name, record, { signal })
      return c.json({ ...queryEvent(EVENT.Value, []), ID: peerIdFromMultihash(parseKeyId(name)).toString() })
    })
    .post('/findpeer', (c) => {
      const peer = parsePeerId(requiredArg(c, 'peerID'))
      return ndjson(c, (async function * () {
        try {
          yield queryEvent(EVENT.FinalPeer, [await findPeer(helia, peer, { timeoutMs: config.fetchTimeoutMs, signal: commandSignal(c) })])
        } catch (err) {
          commandSignal(c).throwIfAborted()
          // as Kubo: a peer that cannot be found is an event of the query, not a failed request
          yield { ...queryEvent(EVENT.QueryError, []), Extra: (err as Error).message }
        }
      })())
    })
}

/**
 * Kubo's routing.QueryEvent as JSON: the peer ID is empty for events that are
 * not about one peer, and Go encodes no responses as null.
 */
function queryEvent (type: number, responses: PeerRecord[]): { Extra: string, ID: string, Responses: Array<{ Addrs: string[], ID: string }> | null, Type: number } {
  return {
    Extra: '',
    ID: '',
    Responses: responses.length === 0 ? null : responses.map(r => ({ Addrs: r.addresses.map(a => a.toString()), ID: r.peer.toString() })),
    Type: type
  }
}

function parsePeerId (input: string): PeerId {
  try {
    return peerIdFromString(input)
  } catch (err) {
    throw new InvalidArgumentError(`invalid peer ID "${input}": ${(err as Error).message}`)
  }
}

/** Cairn's routing holds IPNS records only: `/ipns/<name>`, the name as a peer ID or a CID. */
function ipnsKey (key: string): string {
  if (!key.startsWith('/ipns/')) {
    throw new InvalidArgumentError(`invalid key "${key}": only /ipns/<name> keys are supported`)
  }
  const name = key.slice('/ipns/'.length)
  parseKeyId(name)
  return name
}
