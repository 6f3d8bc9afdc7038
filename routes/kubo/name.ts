import { Hono } from 'hono'
import { z } from 'zod'
import { readBounded } from '../../src/blocks/limits.ts'
import { InvalidArgumentError, LimitExceededError } from '../../src/errors.ts'
import { keyIdFormat } from '../../src/keys/key-id.ts'
import { SELF_KEY } from '../../src/keys/keychain.ts'
import { describeKey } from '../../src/keys/manage.ts'
import { parseGoDuration } from '../../src/names/duration.ts'
import { hexDump, inspectRecord } from '../../src/names/inspect.ts'
import { MAX_RECORD_BYTES } from '../../src/names/record.ts'
import { multipartFiles } from '../multipart.ts'
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

const inspectQuery = z.object({
  verify: z.string().min(1).optional(),
  dump: kuboBool.default(true)
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
    .post('/inspect', kuboQuery(inspectQuery), async (c) => {
      const query = c.req.valid('query')
      let bytes: Uint8Array | undefined
      for await (const part of multipartFiles(c, commandSignal(c))) {
        bytes ??= await readBounded(part.content, MAX_RECORD_BYTES, size => new LimitExceededError(`an IPNS record is at most ${MAX_RECORD_BYTES} bytes (${size} so far)`))
      }
      if (bytes == null) {
        throw new InvalidArgumentError('argument "record" is required')
      }
      const record = await inspectRecord(bytes, { verify: query.verify })
      // Kubo's IpnsInspectResult: TTL is a Go duration (nanoseconds), absent fields null
      return c.json({
        Entry: {
          Value: record.value,
          ValidityType: record.validityType,
          Validity: goTime(record.validity),
          Sequence: Number(record.sequence),
          TTL: record.ttlNs == null ? null : Number(record.ttlNs)
        },
        PbSize: bytes.byteLength,
        SignatureType: record.signatureType,
        HexDump: query.dump ? hexDump(bytes) : '',
        Validation: record.validation == null ? null : { Valid: record.validation.valid, Reason: record.validation.reason, Name: record.validation.name }
      })
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

/** An RFC 3339 time as Go's JSON writes it: in UTC, trailing zeros of the fraction dropped. */
function goTime (rfc3339: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339)
  if (match == null || match[3] !== 'Z') {
    return rfc3339
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  return `${match[1]}${fraction === '' ? '' : `.${fraction}`}Z`
}
