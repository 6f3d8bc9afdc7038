import { Hono } from 'hono'
import { z } from 'zod'
import { InvalidArgumentError } from '../../src/errors.ts'
import { keyIdFormat } from '../../src/keys/key-id.ts'
import { SELF_KEY } from '../../src/keys/keychain.ts'
import { describeKey } from '../../src/keys/manage.ts'
import { parseGoDuration } from '../../src/names/duration.ts'
import { args, requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const publishQuery = z.object({
  key: z.string().min(1).optional(),
  lifetime: z.string().optional(),
  ttl: z.string().optional(),
  resolve: kuboBool.default(true),
  'allow-offline': kuboBool.default(false),
  v1compat: kuboBool.default(true),
  // Kubo 0.37+: a sequence of the caller's choosing, higher than the current one
  sequence: z.coerce.bigint().min(0n).max(2n ** 64n - 1n).optional(),
  // only shapes Kubo's text output; the JSON answer is the same
  quieter: kuboBool.optional(),
  'ipns-base': z.string().optional()
})

const resolveQuery = z.object({
  recursive: kuboBool.default(true),
  nocache: kuboBool.default(false),
  'dht-timeout': z.string().optional(),
  stream: kuboBool.default(false)
})

/** `POST /api/v0/name/*`: IPNS names signed by the keys of `key/*`. */
export function nameRoutes ({ node }: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/publish', kuboQuery(publishQuery), async (c) => {
      const query = c.req.valid('query')
      const lifetimeMs = query.lifetime == null ? undefined : parseGoDuration(query.lifetime, 'lifetime')
      const ttlMs = query.ttl == null ? undefined : parseGoDuration(query.ttl, 'ttl')
      if (lifetimeMs != null && lifetimeMs <= 0) {
        throw new InvalidArgumentError('invalid argument "lifetime": must be positive')
      }
      if (ttlMs != null && ttlMs < 0) {
        throw new InvalidArgumentError('invalid argument "ttl": must not be negative')
      }
      const published = await node.names.publish(requiredArg(c, 'ipfs-path'), {
        key: query.key,
        lifetimeMs,
        ttlMs,
        sequence: query.sequence,
        resolve: query.resolve,
        allowOffline: query['allow-offline'],
        v1Compatible: query.v1compat,
        format: keyIdFormat(query['ipns-base']),
        signal: commandSignal(c)
      })
      return c.json({ Name: published.name, Value: published.value })
    })
    .post('/resolve', kuboQuery(resolveQuery), async (c) => {
      const query = c.req.valid('query')
      const timeoutMs = query['dht-timeout'] == null ? node.config.fetchTimeoutMs : parseGoDuration(query['dht-timeout'], 'dht-timeout')
      if (timeoutMs < 0) {
        throw new InvalidArgumentError('invalid argument "dht-timeout": must not be negative')
      }
      // with no argument Kubo resolves the node's own name
      const name = args(c)[0] ?? (await describeKey(node.keychain, SELF_KEY)).id
      const resolve = async () => {
        const { path } = await node.names.resolve(name, { recursive: query.recursive, nocache: query.nocache, timeoutMs, signal: commandSignal(c) })
        return { Path: path }
      }
      if (!query.stream) {
        return c.json(await resolve())
      }
      // kubo-rpc-client asks for a stream: one line, the name's current path
      return ndjson(c, (async function * () { yield await resolve() })())
    })
}
