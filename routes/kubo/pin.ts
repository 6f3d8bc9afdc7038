import { Hono } from 'hono'
import { z } from 'zod'
import { InvalidArgumentError } from '../../src/errors.ts'
import { announce } from '../../src/content/announce.ts'
import { addPins, listPinsFor, removePins, resolvePinTarget, splitKeywords, updatePin, validatePinName, verifyPins, withProgressTicks } from '../../src/pins.ts'
import { args, requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { ListedPin, PinVerification } from '../../src/pins.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { CID } from 'multiformats/cid'

const addQuery = z.object({
  recursive: kuboBool.optional(),
  r: kuboBool.optional(),
  name: z.string().optional(),
  n: z.string().optional(),
  progress: kuboBool.optional(),
  // Cairn's extension: make the pin findable by peers' searches (or, false, private again)
  public: kuboBool.optional(),
  description: z.string().optional(),
  keywords: z.string().optional()
})

const rmQuery = z.object({
  recursive: kuboBool.optional(),
  r: kuboBool.optional()
})

const lsQuery = z.object({
  type: z.string().optional(),
  t: z.string().optional(),
  quiet: kuboBool.optional(),
  q: kuboBool.optional(),
  stream: kuboBool.optional(),
  s: kuboBool.optional(),
  name: z.string().optional(),
  n: z.string().optional(),
  names: kuboBool.optional()
})

const updateQuery = z.object({
  unpin: kuboBool.optional()
})

const verifyQuery = z.object({
  verbose: kuboBool.optional(),
  quiet: kuboBool.optional(),
  q: kuboBool.optional()
})

const PIN_LS_TYPES = ['all', 'recursive', 'direct', 'indirect'] as const

/** `POST /api/v0/pin/{add,rm,ls,update,verify}`, with Kubo's flags and answers. */
export function pinRoutes ({ node }: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/add', kuboQuery(addQuery), async (c) => {
      const q = c.req.valid('query')
      const signal = commandSignal(c)
      // with no peer to ask, a missing block cannot arrive: fail at once, as Kubo does offline
      const offline = node.helia.libp2p.getConnections().length === 0
      const options = {
        recursive: q.recursive ?? q.r,
        name: q.name ?? q.n,
        public: q.public,
        description: q.description,
        keywords: q.keywords == null ? undefined : splitKeywords(q.keywords),
        offline,
        signal
      }
      if (q.progress !== true) {
        return c.json({ Pins: cidStrings(announced(node, await addPins(node, args(c), options))) })
      }
      return ndjson(c, (async function * () {
        for await (const event of withProgressTicks(onProgress => addPins(node, args(c), { ...options, onProgress }))) {
          yield event.type === 'progress'
            ? { Progress: event.progress.blocks, Bytes: event.progress.bytes }
            : { Pins: cidStrings(announced(node, event.result)) }
        }
      })())
    })
    .post('/rm', kuboQuery(rmQuery), async (c) => {
      const q = c.req.valid('query')
      const removed = await removePins(node, args(c), { recursive: q.recursive ?? q.r, signal: commandSignal(c) })
      return c.json({ Pins: cidStrings(removed) })
    })
    .post('/ls', kuboQuery(lsQuery), async (c) => {
      const q = c.req.valid('query')
      const type = q.type ?? q.t ?? 'all'
      if (!isPinLsType(type)) {
        throw new InvalidArgumentError(`invalid type '${type}', must be one of {direct, indirect, recursive, all}`)
      }
      const name = q.name ?? q.n
      validatePinName(name)
      const withNames = q.names === true || name != null
      const pins = listPinsFor(node, args(c), { type, name, signal: commandSignal(c) })
      if (q.stream ?? q.s ?? false) {
        return ndjson(c, (async function * () {
          for await (const pin of pins) {
            const { Type, Name } = lsEntry(pin, withNames)
            yield Name === '' ? { Cid: pin.cid.toString(), Type } : { Cid: pin.cid.toString(), Name, Type }
          }
        })())
      }
      const keys: Record<string, { Type: string, Name: string }> = {}
      for await (const pin of pins) {
        keys[pin.cid.toString()] = lsEntry(pin, withNames)
      }
      // Kubo's Keys is `omitempty`: no pins at all is `{}`
      return c.json(Object.keys(keys).length === 0 ? {} : { Keys: keys })
    })
    .post('/update', kuboQuery(updateQuery), async (c) => {
      const q = c.req.valid('query')
      const signal = commandSignal(c)
      const fromArg = requiredArg(c, 'from-path')
      const toArg = args(c)[1]
      if (toArg == null || toArg === '') {
        throw new InvalidArgumentError('argument "to-path" is required')
      }
      const from = await resolvePinTarget(node, fromArg, { signal })
      const to = await resolvePinTarget(node, toArg, { signal })
      await updatePin(node, from, to, { unpin: q.unpin, signal })
      announce(node, to)
      return c.json({ Pins: [from.toString(), to.toString()] })
    })
    .post('/verify', kuboQuery(verifyQuery), (c) => {
      const q = c.req.valid('query')
      const verbose = q.verbose === true
      const quiet = (q.quiet ?? q.q) === true
      if (verbose && quiet) {
        throw new InvalidArgumentError('the --verbose and --quiet options can not be used at the same time')
      }
      return ndjson(c, (async function * () {
        for await (const result of verifyPins(node.helia, { signal: commandSignal(c) })) {
          if (!result.ok || verbose) {
            yield verifyLine(result, quiet)
          }
        }
      })())
    })
}

function cidStrings (cids: CID[]): string[] {
  return cids.map(cid => cid.toString())
}

function isPinLsType (type: string): type is typeof PIN_LS_TYPES[number] {
  return (PIN_LS_TYPES as readonly string[]).includes(type)
}

/** Kubo leaves names out unless asked (`--names`, or a `--name` filter). */
function lsEntry (pin: ListedPin, withNames: boolean): { Type: string, Name: string } {
  const Type = pin.via == null ? pin.type : `indirect through ${pin.via.toString()}`
  return { Type, Name: withNames ? pin.name : '' }
}

/** Kubo's PinVerifyRes: `Ok` and `BadNodes` are omitted when empty, and `quiet` drops the explanations. */
function verifyLine (result: PinVerification, quiet: boolean): Record<string, unknown> {
  const line: Record<string, unknown> = { Cid: result.cid.toString() }
  if (result.ok) {
    line.Ok = true
  }
  if (!quiet && result.badNodes.length > 0) {
    line.BadNodes = result.badNodes.map(bad => ({ Cid: bad.cid.toString(), Err: bad.error }))
  }
  return line
}

/** Newly pinned content is announced (queued, never awaited) so peers can find this holder. */
function announced (node: RouteDeps['node'], cids: CID[]): CID[] {
  for (const cid of cids) {
    announce(node, cid)
  }
  return cids
}
