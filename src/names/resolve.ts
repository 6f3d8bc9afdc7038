import { InvalidArgumentError } from '../errors.ts'
import { parseKeyId } from '../keys/key-id.ts'
import { lookupRecord, remainingTtlMs } from './lookup.ts'
import type { NamesContext } from './context.ts'
import type { LookupOptions } from './lookup.ts'

/** Kubo's `DefaultDepthLimit`: how many names a recursive resolve follows. */
export const MAX_RESOLVE_DEPTH = 32

export interface ResolveNameOptions extends LookupOptions {
  /** Follow names that point at names until a path outside /ipns/. @default true */
  recursive?: boolean
}

export interface ResolvedName {
  /** Where the name points, paths after each name carried along: `/ipfs/<cid>/a/b`, or `/ipns/…` when not recursive. */
  path: string
  /** How long this answer may be cached: the least TTL left along the chain of names, in ms. */
  ttlMs: number
}

/**
 * `/ipns/<name>[/path]` (or a bare name) to the path it points at, following
 * names that point at names. Each name is looked up as `lookupRecord` does:
 * from the local cache within its TTL, otherwise from the routing, within the
 * timeout, keeping the newest valid record.
 */
export async function resolveName (ctx: NamesContext, name: string, options: ResolveNameOptions = {}): Promise<ResolvedName> {
  let path = name.startsWith('/ipns/') ? name : `/ipns/${name}`
  let ttlMs = Number.POSITIVE_INFINITY
  for (let depth = 0; path.startsWith('/ipns/'); depth++) {
    if (depth === MAX_RESOLVE_DEPTH) {
      throw new InvalidArgumentError(`could not resolve ${name}: more than ${MAX_RESOLVE_DEPTH} names point at each other`)
    }
    const [id = '', ...rest] = path.slice('/ipns/'.length).split('/')
    const found = await lookupRecord(ctx, parseKeyId(id), options)
    ttlMs = Math.min(ttlMs, remainingTtlMs(found))
    path = [found.record.value.replace(/\/$/, ''), ...rest].join('/')
    if (options.recursive === false) {
      break
    }
  }
  return { path, ttlMs: Number.isFinite(ttlMs) ? ttlMs : 0 }
}
