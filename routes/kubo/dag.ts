import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { announce } from '../../src/content/announce.ts'
import { dagGet, dagPutFormat, exportCar, importCars, putDagNodes, resolveBlockPath, resolveDagPath } from '../../src/dag/index.ts'
import { toByteStream } from '../byte-stream.ts'
import { multipartFiles } from '../multipart.ts'
import { requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { Logger } from '../../src/logger.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

const importQuery = z.object({
  'pin-roots': kuboBool.optional(),
  stats: kuboBool.optional(),
  'allow-big-block': kuboBool.optional()
})

const exportQuery = z.object({
  'local-only': kuboBool.optional()
})

const getQuery = z.object({
  'output-codec': z.string().optional()
})

const putQuery = z.object({
  'store-codec': z.string().optional(),
  'input-codec': z.string().optional(),
  hash: z.string().optional(),
  pin: kuboBool.optional(),
  'allow-big-block': kuboBool.optional()
})

const JSON_CODECS = new Set(['dag-json', 'json'])

/** `POST /api/v0/dag/*`: CARs in and out, IPLD nodes as Kubo's `dag` commands. */
export function dagRoutes ({ node }: RouteDeps) {
  const fetchTimeout = { idleTimeoutMs: node.config.fetchTimeoutMs }
  const log = node.log.child({ component: 'cairn:dag' })
  return new Hono<AppEnv>()
    .post('/import', kuboQuery(importQuery), async (c) => {
      const q = c.req.valid('query')
      const signal = commandSignal(c)
      const events = importCars(node, multipartFiles(c, signal), {
        pinRoots: q['pin-roots'],
        allowBigBlock: q['allow-big-block'],
        maxBytes: node.config.maxUploadBytes,
        maxCars: node.config.maxParts,
        signal
      })
      return ndjson(c, (async function * () {
        for await (const event of events) {
          if (event.type === 'root') {
            if (event.pinError === '') {
              announce(node, event.cid)
            }
            yield { Root: { Cid: { '/': event.cid.toString() }, PinErrorMsg: event.pinError } }
          } else if (q.stats === true) {
            yield { Stats: { BlockCount: event.blockCount, BlockBytesCount: event.blockBytesCount } }
          }
        }
      })())
    })
    .post('/export', kuboQuery(exportQuery), async (c) => {
      const signal = commandSignal(c)
      const localOnly = c.req.valid('query')['local-only'] === true
      const { cid, path } = parseCidPath(requiredArg(c, 'root'))
      const root = await resolveBlockPath(node.helia, cid, path, { ...fetchTimeout, offline: localOnly, signal })
      const car = await exportCar(node.helia, root, { ...fetchTimeout, localOnly, signal })
      return c.body(toByteStream(cutOnError(c, car, log)), 200, {
        'Content-Type': 'application/vnd.ipld.car',
        'X-Stream-Output': '1'
      })
    })
    .post('/get', kuboQuery(getQuery), async (c) => {
      const outputCodec = c.req.valid('query')['output-codec'] ?? 'dag-json'
      const { cid, path } = parseCidPath(requiredArg(c, 'ref'))
      const bytes = await dagGet(node.helia, cid, path, outputCodec, { ...fetchTimeout, signal: commandSignal(c) })
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': JSON_CODECS.has(outputCodec) ? 'application/json' : 'application/octet-stream',
        'X-Stream-Output': '1'
      })
    })
    .post('/put', kuboQuery(putQuery), async (c) => {
      const q = c.req.valid('query')
      const format = dagPutFormat({
        storeCodec: q['store-codec'],
        inputCodec: q['input-codec'],
        hash: q.hash,
        pin: q.pin,
        allowBigBlock: q['allow-big-block']
      })
      const signal = commandSignal(c)
      const parts = multipartFiles(c, signal)
      const cids = putDagNodes(node, parts, format, { maxParts: node.config.maxParts, signal })
      return ndjson(c, (async function * () {
        for await (const cid of cids) {
          announce(node, cid)
          yield { Cid: { '/': cid.toString() } }
        }
      })())
    })
    .post('/resolve', async (c) => {
      const { cid, path } = parseCidPath(requiredArg(c, 'ref'))
      const resolved = await resolveDagPath(node.helia, cid, path, { ...fetchTimeout, signal: commandSignal(c) })
      return c.json({ Cid: { '/': resolved.cid.toString() }, RemPath: resolved.remainder })
    })
}

/**
 * Once CAR bytes are out, an error has nowhere to go in the body, and
 * kubo-rpc-client reads no trailers: the connection is cut instead, so no
 * client can take a CAR that broke off for a whole one.
 */
async function * cutOnError (c: Context<AppEnv>, car: AsyncIterable<Uint8Array>, log: Logger): AsyncGenerator<Uint8Array> {
  try {
    yield * car
  } catch (err) {
    const outgoing = c.env?.outgoing
    if (outgoing == null) {
      throw err
    }
    log.warn({ err: (err as Error).message }, 'dag export failed after the CAR began; connection cut')
    outgoing.destroy()
  }
}
