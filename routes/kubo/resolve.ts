import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { resolveContentPath } from '../../src/dag/index.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { parseGoDuration } from '../../src/names/duration.ts'
import { requiredArg } from './args.ts'
import { cidEncoder } from './cid-base.ts'
import { commandSignal } from './timeout.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const query = z.object({
  recursive: kuboBool.default(true),
  r: kuboBool.optional(),
  'dht-record-count': z.coerce.number().int().min(0).optional(),
  'dht-timeout': z.string().optional(),
  'cid-base': z.string().optional()
})

/**
 * `POST /api/v0/resolve?arg=<path>`: an `/ipns/` name (recursively by
 * default) or an `/ipfs/` path to the `/ipfs/` path it ends at, as Kubo's
 * `resolve`: through UnixFS names to the last block, and what is left of the
 * path inside a non-UnixFS node kept. Without `recursive`, a name resolves
 * one step, to whatever it points at.
 */
export function resolveRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const q = c.req.valid('query')
    const recursive = q.r ?? q.recursive
    const signal = commandSignal(c)
    const encode = cidEncoder(q['cid-base'], requiredArg(c, 'name'))
    const name = fromUri(requiredArg(c, 'name'))
    const timeoutMs = q['dht-timeout'] == null ? node.config.fetchTimeoutMs : parseGoDuration(q['dht-timeout'], 'dht-timeout')
    if (timeoutMs < 0) {
      throw new InvalidArgumentError('DHT timeout value must be >= 0')
    }

    let target = name
    if (name.startsWith('/ipns/')) {
      const resolved = await node.names.resolve(name, { recursive, timeoutMs, signal })
      if (!recursive) {
        return c.json({ Path: resolved.path })
      }
      target = resolved.path
    }
    const { cid, path } = parseCidPath(target)
    const end = await resolveContentPath(node.helia, cid, path, { idleTimeoutMs: node.config.fetchTimeoutMs, signal })
    return c.json({ Path: `/ipfs/${encode(end.cid)}${end.remainder === '' ? '' : `/${end.remainder}`}` })
  })
}

/** Kubo takes `ipfs://<cid>/…` and `ipns://<name>/…` too. */
function fromUri (input: string): string {
  const uri = /^(ipfs|ipns):\/\/(.*)$/.exec(input)
  return uri == null ? input : `/${uri[1]}/${uri[2]}`
}
