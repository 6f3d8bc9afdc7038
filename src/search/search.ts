import { randomBytes } from 'node:crypto'
import merge from 'it-merge'
import { pushable } from 'it-pushable'
import {
  DEFAULT_SEARCH_HOPS,
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_SEARCH_TIMEOUT_MS,
  MAX_SEARCH_HOPS,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_TERMS,
  MAX_SEARCH_TIMEOUT_MS,
  SEARCH_HOP_MARGIN_MS,
  SEARCH_MAX_ROUTING_PEERS
} from '../constants.ts'
import { deadlineSignal } from '../deadline.ts'
import { InvalidArgumentError } from '../errors.ts'
import { hitKey } from './answer-writer.ts'
import { termsOf } from './terms.ts'
import type { SeenQueries } from './guard.ts'
import type { Hit, Query } from './messages.ts'
import type { SearchProtocol } from './protocol.ts'
import type { TermRecords } from './term-records.ts'
import type { Libp2p } from '@libp2p/interface'

/** Which ways a search asks: its neighbours (flooding), the term records' holders, or both. */
export const SEARCH_ROUTES = ['all', 'flood', 'routing'] as const
export type SearchRoute = typeof SEARCH_ROUTES[number]

export interface SearchRequest {
  /** Free text; its words (letters and digits) are the terms, all of which a result matches. */
  q: string
  /** Hops the flood travels; 0 asks no neighbour. @default DEFAULT_SEARCH_HOPS */
  hops?: number
  /** @default DEFAULT_SEARCH_LIMIT */
  limit?: number
  /** @default DEFAULT_SEARCH_TIMEOUT_MS */
  timeoutMs?: number
  /** @default 'all' */
  via?: SearchRoute
  signal?: AbortSignal
}

/** How a result was found: this node's own catalog, n hops of flooding, or a term record's holder asked directly. */
export type Via = 'local' | 'routing' | { hops: number }

export interface SearchResult {
  cid: string
  /** The pin's root: `/ipfs/<root>/<path>` reaches the entry through its holder's provider record. */
  root: string
  /** The pin's name. */
  name: string
  path: string
  size: number
  score: number
  peer: { id: string, addrs: string[] }
  via: Via
}

export interface SearchDeps {
  protocol: SearchProtocol
  /** Undefined when search is off: only this node's catalog answers. */
  network?: { termRecords: TermRecords }
  seen: SeenQueries
  libp2p: Pick<Libp2p, 'peerId' | 'peerStore' | 'getConnections'>
}

/**
 * One search, from this node: its own catalog, a flood to its neighbours,
 * and the holders of the terms' records asked directly, all at once.
 * Results stream as they arrive, each once, until `limit` or the deadline;
 * the deadline ends the search quietly.
 */
export function search (deps: SearchDeps, request: SearchRequest): AsyncGenerator<SearchResult> {
  // checked before the first result is awaited, so bad input fails before any answer starts
  const terms = termsOf(request.q).slice(0, MAX_SEARCH_TERMS)
  if (terms.length === 0) {
    throw new InvalidArgumentError('q holds no word to search for (letters or digits, at least 2)')
  }
  const hops = bounded('hops', request.hops ?? DEFAULT_SEARCH_HOPS, 0, MAX_SEARCH_HOPS)
  const limit = bounded('limit', request.limit ?? DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT)
  const timeoutMs = bounded('timeout', request.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS, 1, MAX_SEARCH_TIMEOUT_MS)
  return run(deps, { terms, hops, limit, timeoutMs, via: request.via ?? 'all', signal: request.signal })
}

async function * run (deps: SearchDeps, request: { terms: string[], hops: number, limit: number, timeoutMs: number, via: SearchRoute, signal?: AbortSignal }): AsyncGenerator<SearchResult> {
  const { terms, hops, limit, timeoutMs, via } = request
  const id = randomBytes(16).toString('base64url')
  deps.seen.first(id)
  const signal = deadlineSignal(timeoutMs, request.signal)
  // peers end their part a little earlier, so their last answers arrive in time
  const query: Query = { type: 'query', id, terms, hops: Math.max(hops, 1), limit, timeoutMs: Math.max(timeoutMs - SEARCH_HOP_MARGIN_MS, 1) }

  const sources: Array<AsyncIterable<SearchResult> | Iterable<SearchResult>> = [local(deps, query)]
  if (deps.network != null && via !== 'routing' && hops > 0) {
    sources.push(flooded(deps, query, signal))
  }
  // with no peer to ask, a DHT lookup would only wait for the deadline
  if (deps.network != null && via !== 'flood' && deps.libp2p.getConnections().length > 0) {
    sources.push(routed(deps, deps.network.termRecords, query, signal))
  }

  const seen = new Set<string>()
  try {
    for await (const result of merge(...sources)) {
      const key = hitKey({ ...result, peer: result.peer.id })
      if (!seen.has(key)) {
        seen.add(key)
        yield result
        if (seen.size >= limit) {
          return
        }
      }
    }
  } catch (err) {
    if (!signal.aborted) {
      throw err
    }
  }
}

function bounded (name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`)
  }
  return value
}

function result (hit: Hit, via: Via): SearchResult {
  return { cid: hit.cid, root: hit.root, name: hit.name, path: hit.path, size: hit.size, score: hit.score, peer: { id: hit.peer, addrs: hit.addrs }, via }
}

function local (deps: SearchDeps, query: Query): Iterable<SearchResult> {
  return deps.protocol.localHits(query, 1).map(hit => result(hit, 'local'))
}

async function * flooded (deps: SearchDeps, query: Query, signal: AbortSignal): AsyncGenerator<SearchResult> {
  const peers = await deps.protocol.neighbours()
  for await (const hit of deps.protocol.flood(query, peers, signal)) {
    yield result(hit, { hops: hit.hops })
  }
}

/**
 * Looks up each term's record holders and asks each holder (at most
 * SEARCH_MAX_ROUTING_PEERS) directly, with one hop: it answers from its own
 * catalog and forwards nothing. A holder the flood already reached knows the
 * query's id and answers nothing twice.
 */
async function * routed (deps: SearchDeps, termRecords: TermRecords, query: Query, signal: AbortSignal): AsyncGenerator<SearchResult> {
  const out = pushable<SearchResult>({ objectMode: true })
  const asked = new Set<string>([deps.libp2p.peerId.toString()])
  let running = 1
  const finished = (): void => {
    if (--running === 0) {
      out.end()
    }
  }
  const direct: Query = { ...query, hops: 1 }
  void Promise.all(query.terms.map(async term => {
    for await (const holder of termRecords.holders(term, signal)) {
      const key = holder.id.toString()
      if (asked.has(key) || asked.size > SEARCH_MAX_ROUTING_PEERS) {
        continue
      }
      asked.add(key)
      running++
      void (async () => {
        await deps.libp2p.peerStore.merge(holder.id, { multiaddrs: holder.multiaddrs }).catch(() => {})
        for await (const hit of deps.protocol.ask(holder.id, direct, signal)) {
          out.push(result(hit, 'routing'))
        }
      })().finally(finished)
    }
  })).finally(finished)
  yield * out
}
