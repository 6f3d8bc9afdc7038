import { Hono } from 'hono'
import { z } from 'zod'
import { explainDeadline } from '../../src/deadline.ts'
import { refs, refsFormat } from '../../src/dag/refs.ts'
import { resolveBlockPath } from '../../src/dag/resolve.ts'
import { parseCidPath } from '../../src/cid.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { args } from './args.ts'
import { cidEncoder } from './cid-base.ts'
import { ndjson } from './ndjson.ts'
import { commandSignal } from './timeout.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { CID } from 'multiformats/cid'

const refsQuery = z.object({
  format: z.string().optional(),
  edges: kuboBool.optional(),
  e: kuboBool.optional(),
  unique: kuboBool.optional(),
  u: kuboBool.optional(),
  recursive: kuboBool.optional(),
  r: kuboBool.optional(),
  'max-depth': z.coerce.number().int().min(-1).optional(),
  'cid-base': z.string().optional()
})

const localQuery = z.object({ 'cid-base': z.string().optional() })

/**
 * `POST /api/v0/refs` and `refs/local`, answering Kubo's `{Ref,Err}` lines.
 * Every path is resolved before the first line; a walk that then fails is
 * reported as an `Err` line and the next path is walked, as Kubo does.
 */
export function refsRoutes ({ node }: RouteDeps) {
  const { helia, config } = node
  return new Hono<AppEnv>()
    .post('/', kuboQuery(refsQuery), async (c) => {
      const q = c.req.valid('query')
      const signal = commandSignal(c)
      const options = {
        recursive: q.recursive ?? q.r,
        unique: q.unique ?? q.u,
        edges: q.edges ?? q.e,
        format: q.format,
        maxDepth: q['max-depth'],
        encode: cidEncoder(q['cid-base']),
        idleTimeoutMs: config.fetchTimeoutMs,
        signal
      }
      refsFormat(options)
      const paths = args(c)
      if (paths.length === 0) {
        throw new InvalidArgumentError('argument "ipfs-path" is required')
      }
      const roots: CID[] = []
      for (const arg of paths) {
        const { cid, path } = parseCidPath(arg)
        roots.push(await resolveBlockPath(helia, cid, path, { idleTimeoutMs: config.fetchTimeoutMs, signal }))
      }
      return ndjson(c, (async function * () {
        for (const root of roots) {
          try {
            for await (const ref of refs(helia, root, options)) {
              yield { Ref: ref, Err: '' }
            }
          } catch (err) {
            if (c.req.raw.signal.aborted) {
              throw err
            }
            yield { Ref: '', Err: (explainDeadline(err, signal) as Error).message }
          }
        }
      })())
    })
    .post('/local', kuboQuery(localQuery), (c) => {
      const signal = commandSignal(c)
      const encode = cidEncoder(c.req.valid('query')['cid-base'])
      return ndjson(c, (async function * () {
        // Kubo keys blocks by multihash and lists them as raw CIDv1s; so does Cairn's block store
        for await (const { cid } of helia.blockstore.getAll({ signal })) {
          yield { Ref: encode(cid), Err: '' }
        }
      })())
    })
}
