import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { announce } from '../../src/content/announce.ts'
import { dagGet, dagPutFormat, dagStats, exportCar, importCars, putDagNodes, resolveBlockPath, resolveContentPath, resolveDagPath } from '../../src/dag/index.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { toByteStream } from '../byte-stream.ts'
import { multipartFiles } from '../multipart.ts'
import { args, requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { DagStatSummary } from '../../src/dag/index.ts'
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

const statQuery = z.object({
  progress: kuboBool.optional(),
  p: kuboBool.optional()
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
    .post('/stat', kuboQuery(statQuery), async (c) => {
      const q = c.req.valid('query')
      // Kubo streams the running summary to RPC clients unless told otherwise
      const progress = q.progress ?? q.p ?? true
      const signal = commandSignal(c)
      const inputs = args(c)
      if (inputs.length === 0) {
        throw new InvalidArgumentError('argument "root" is required')
      }
      const roots = []
      for (const input of inputs) {
        const { cid, path } = parseCidPath(input)
        const end = await resolveContentPath(node.helia, cid, path, { ...fetchTimeout, signal })
        if (end.remainder !== '') {
          throw new InvalidArgumentError('cannot return size for anything other than a DAG with a root CID')
        }
        roots.push(end.cid)
      }
      return ndjson(c, (async function * () {
        let last: DagStatSummary | undefined
        for await (const summary of dagStats(node.helia, roots, { ...fetchTimeout, signal })) {
          if (progress) {
            yield statLine(summary)
          }
          last = summary
        }
        if (!progress && last != null) {
          yield statLine(last)
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

/** Kubo's DagStatSummary: Go leaves out every field that is zero (`omitempty`), Ratio a float32. */
function statLine (summary: DagStatSummary): Record<string, unknown> {
  const line: Record<string, unknown> = {}
  if (summary.uniqueBlocks !== 0) line.UniqueBlocks = summary.uniqueBlocks
  if (summary.totalSize !== 0) line.TotalSize = summary.totalSize
  if (summary.sharedSize !== 0) line.SharedSize = summary.sharedSize
  if (summary.ratio !== 0) line.Ratio = float32(summary.ratio)
  line.DagStats = summary.dags.map(dag => {
    const stat: Record<string, unknown> = { Cid: dag.cid.toString() }
    if (dag.size !== 0) stat.Size = dag.size
    if (dag.numBlocks !== 0) stat.NumBlocks = dag.numBlocks
    return stat
  })
  return line
}

/** A number as Go prints a float32: the shortest decimal that reads back as the same float32. */
function float32 (value: number): number {
  const single = Math.fround(value)
  for (let digits = 1; digits < 10; digits++) {
    const shortest = Number(single.toPrecision(digits))
    if (Math.fround(shortest) === single) {
      return shortest
    }
  }
  return single
}
