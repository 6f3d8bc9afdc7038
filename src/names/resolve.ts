import { InvalidArgumentError, NotFoundError } from '../errors.ts'
import { parseKeyId } from '../keys/key-id.ts'
import type { IPNS } from '@helia/ipns'
import type { AbortOptions, Libp2p } from '@libp2p/interface'

/** Kubo's `DefaultDepthLimit`: how many names a recursive resolve follows. */
export const MAX_RESOLVE_DEPTH = 32

export interface ResolveComponents {
  ipns: Pick<IPNS, 'resolve'>
  /** With no connection at all only local records are read: the DHT would wait out the timeout for peers. */
  network: Pick<Libp2p, 'getConnections'>
}

export interface ResolveNameOptions extends AbortOptions {
  /** Follow names that point at names until a non-IPNS path. @default true */
  recursive?: boolean
  /** Ask the routing even if a cached record is still within its TTL. */
  nocache?: boolean
  /** Bound on each routing lookup, in ms; 0 waits as long as the caller does (Kubo's `dht-timeout=0`). */
  timeoutMs: number
}

/**
 * `name/resolve`: `/ipns/<name>[/path]` to the path it points at. A record
 * stored here and within its TTL answers at once; otherwise the routing is
 * asked, the record's signature and EOL checked, and the highest sequence
 * kept (all done by @helia/ipns). Paths after each name are carried along.
 */
export async function resolveName (components: ResolveComponents, name: string, options: ResolveNameOptions): Promise<string> {
  let path = name.startsWith('/ipns/') ? name : `/ipns/${name}`
  for (let depth = 0; path.startsWith('/ipns/'); depth++) {
    if (depth === MAX_RESOLVE_DEPTH) {
      throw new InvalidArgumentError(`could not resolve ${name}: more than ${MAX_RESOLVE_DEPTH} names point at each other`)
    }
    const [id = '', ...rest] = path.slice('/ipns/'.length).split('/')
    const value = await resolveOnce(components, id, options)
    path = [value.replace(/\/$/, ''), ...rest].join('/')
    if (options.recursive === false) {
      break
    }
  }
  return path
}

async function resolveOnce ({ ipns, network }: ResolveComponents, id: string, options: ResolveNameOptions): Promise<string> {
  const digest = parseKeyId(id)
  const deadline = options.timeoutMs > 0 ? AbortSignal.timeout(options.timeoutMs) : undefined
  const signal = AbortSignal.any([options.signal, deadline].filter(s => s != null))
  try {
    // @helia/ipns follows names itself; taking its first answer keeps each step's path
    const offline = network.getConnections().length === 0
    for await (const { value } of ipns.resolve(digest, { nocache: options.nocache, offline, signal })) {
      return value
    }
    throw new NotFoundError(`could not resolve name ${id}`)
  } catch (err) {
    options.signal?.throwIfAborted()
    if (deadline?.aborted === true) {
      throw new NotFoundError(`could not resolve name ${id}: no record found within ${options.timeoutMs} ms`)
    }
    switch ((err as Error).name) {
      case 'RecordNotFoundError':
        throw new NotFoundError(`could not resolve name ${id}: no record found`)
      case 'RecordsFailedValidationError':
        throw new NotFoundError(`could not resolve name ${id}: every record found was invalid or expired`)
      case 'InvalidValueError':
        throw new NotFoundError(`could not resolve name ${id}: its record holds no usable path`)
      default:
        throw err
    }
  }
}
