import { lpStream } from '@libp2p/utils'
import merge from 'it-merge'
import {
  MAX_SEARCH_ANSWER_BYTES,
  MAX_SEARCH_HIT_ADDRS,
  MAX_SEARCH_HOPS,
  MAX_SEARCH_QUERY_BYTES,
  SEARCH_HOP_MARGIN_MS,
  SEARCH_MAX_STREAMS_PER_CONNECTION,
  SEARCH_PROTOCOL
} from '../constants.ts'
import { deadlineSignal, withTimeout } from '../deadline.ts'
import { ProtocolError } from '../errors.ts'
import { AnswerWriter } from './answer-writer.ts'
import { Answer, Query, decode, encode } from './messages.ts'
import type { Catalog } from './catalog.ts'
import type { PeerGuard, SeenQueries } from './guard.ts'
import type { Hit } from './messages.ts'
import type { Logger } from '../logger.ts'
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'

/** How long a peer that opened a search stream has to send its query. */
const QUERY_READ_MS = 2000

/** Errors of the length-prefixed reader that mean the peer broke the framing or its bounds. */
const FRAMING_ERRORS = new Set(['InvalidDataLengthError', 'InvalidDataLengthLengthError', 'InvalidMessageLengthError'])

export type SearchEvent = 'query' | 'answered' | 'relayed' | 'duplicate' | 'rate-limited' | 'banned' | 'malformed' | 'disconnected'

export interface SearchProtocolComponents {
  libp2p: Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol' | 'getPeers' | 'peerStore' | 'hangUp' | 'peerId' | 'getMultiaddrs'>
  catalog: Pick<Catalog, 'search'>
  guard: PeerGuard
  seen: SeenQueries
  log: Logger
  /** Counts what happens to queries, for the metrics. */
  count: (event: SearchEvent) => void
}

/**
 * `/cairn/search/1.0.0`, both sides. As the answering side, a node reads one
 * query, answers from its catalog, and, while hops remain, floods the query
 * to its other neighbours with one hop less and relays what comes back up
 * the stream it came on: answers follow the query's path home. Each relay
 * ends its part a little before its upstream's deadline, so the last answers
 * still reach the asker in time.
 */
export class SearchProtocol {
  private readonly components: SearchProtocolComponents
  private readonly lifetime = new AbortController()

  constructor (components: SearchProtocolComponents) {
    this.components = components
  }

  async start (): Promise<void> {
    await this.components.libp2p.handle(SEARCH_PROTOCOL, async (stream, connection) => this.handle(stream, connection), {
      maxInboundStreams: SEARCH_MAX_STREAMS_PER_CONNECTION,
      maxOutboundStreams: SEARCH_MAX_STREAMS_PER_CONNECTION
    })
  }

  async stop (): Promise<void> {
    this.lifetime.abort()
    await this.components.libp2p.unhandle(SEARCH_PROTOCOL)
  }

  /** Connected peers that speak the protocol (as identify reported), but `except`. */
  async neighbours (except?: PeerId): Promise<PeerId[]> {
    const { libp2p } = this.components
    const peers = await Promise.all(libp2p.getPeers().filter(peer => except == null || !peer.equals(except)).map(async peer => {
      try {
        return (await libp2p.peerStore.get(peer)).protocols.includes(SEARCH_PROTOCOL) ? peer : undefined
      } catch {
        return undefined
      }
    }))
    return peers.filter(peer => peer != null)
  }

  /** This node's own hits for a query, `hops` away from whoever asked. */
  localHits (query: Pick<Query, 'terms' | 'limit'>, hops: number): Hit[] {
    const { libp2p, catalog } = this.components
    const peer = libp2p.peerId.toString()
    const addrs = libp2p.getMultiaddrs().slice(0, MAX_SEARCH_HIT_ADDRS).map(ma => ma.toString())
    return catalog.search(query.terms, query.limit).map(hit => ({ ...hit, peer, addrs, hops }))
  }

  /** Asks every peer at once; their hits, merged as they come. One peer's failure ends only its part. */
  flood (query: Query, peers: PeerId[], signal: AbortSignal): AsyncGenerator<Hit> {
    return merge(...peers.map(peer => this.ask(peer, query, signal)))
  }

  /**
   * Sends `query` to one peer (dialling it if needed) and yields the hits it
   * sends back, until it says it is done, the signal aborts or it breaks
   * the protocol (a strike against it). Never throws.
   */
  async * ask (peer: PeerId, query: Query, signal: AbortSignal): AsyncGenerator<Hit> {
    let stream: Stream
    try {
      stream = await this.components.libp2p.dialProtocol(peer, SEARCH_PROTOCOL, { signal })
    } catch (err) {
      this.components.log.debug({ peer: peer.toString(), err: (err as Error).message }, 'search peer not reached')
      return
    }
    const lp = lpStream(stream, { maxDataLength: MAX_SEARCH_ANSWER_BYTES })
    let received = 0
    try {
      await lp.write(encode(query), { signal })
      while (true) {
        const answer = decode(Answer, (await lp.read({ signal })).subarray())
        if (answer.type === 'done') {
          break
        }
        received += answer.hits.length
        if (received > query.limit) {
          throw new ProtocolError(`more than the ${query.limit} hits asked for`)
        }
        yield * answer.hits
      }
      await stream.close({ signal })
    } catch (err) {
      this.offence(peer, err)
      stream.abort(err as Error)
    } finally {
      if (stream.status === 'open') {
        stream.abort(new Error('search ended'))
      }
    }
  }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const { guard, seen, count } = this.components
    const peer = connection.remotePeer
    const key = peer.toString()
    if (guard.banned(key)) {
      count('banned')
      stream.abort(new ProtocolError('banned'))
      await this.components.libp2p.hangUp(peer).catch(() => {})
      return
    }
    const lp = lpStream(stream, { maxDataLength: MAX_SEARCH_QUERY_BYTES })
    let query: Query
    try {
      const read = withTimeout(QUERY_READ_MS, this.lifetime.signal)
      query = decode(Query, (await lp.read({ signal: read })).subarray())
    } catch (err) {
      this.offence(peer, err, true)
      stream.abort(err as Error)
      return
    }
    count('query')
    const verdict = guard.admit(key)
    const fresh = verdict === 'accepted' && seen.first(query.id)
    if (!fresh) {
      count(verdict === 'accepted' ? 'duplicate' : verdict)
    }
    const signal = deadlineSignal(query.timeoutMs, this.lifetime.signal)
    try {
      if (fresh) {
        await this.answer(lp, query, peer, signal)
      }
      await lp.write(encode({ type: 'done' }), { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  /** Writes this node's hits, then what its other neighbours send back, while hops and the limit allow. */
  private async answer (lp: ReturnType<typeof lpStream>, query: Query, from: PeerId, signal: AbortSignal): Promise<void> {
    this.components.count('answered')
    const writer = new AnswerWriter(lp, query.limit)
    await writer.write(this.localHits(query, 1), signal)
    const timeoutMs = query.timeoutMs - SEARCH_HOP_MARGIN_MS
    if (query.hops <= 1 || timeoutMs <= 0 || writer.full) {
      return
    }
    const peers = await this.neighbours(from)
    if (peers.length === 0) {
      return
    }
    this.components.count('relayed')
    const downstream: Query = { ...query, hops: query.hops - 1, timeoutMs }
    const relaying = deadlineSignal(timeoutMs, signal)
    for await (const hit of this.flood(downstream, peers, relaying)) {
      if (hit.hops < MAX_SEARCH_HOPS) {
        await writer.write([{ ...hit, hops: hit.hops + 1 }], signal)
      }
      if (writer.full) {
        break
      }
    }
  }

  /** A peer that broke the protocol, rather than went away or ran out of time, gets a strike. */
  private offence (peer: PeerId, err: unknown, asking = false): void {
    const name = (err as Error).name
    const broke = name === 'ProtocolError' || FRAMING_ERRORS.has(name) || (asking && name !== 'AbortError')
    if (broke && !this.lifetime.signal.aborted) {
      this.components.count('malformed')
      this.components.log.debug({ peer: peer.toString(), err: (err as Error).message }, 'search message dropped')
      this.components.guard.strike(peer.toString())
    }
  }

  /** Called once when a peer is banned. */
  async disconnect (peer: PeerId): Promise<void> {
    this.components.count('disconnected')
    this.components.log.info({ peer: peer.toString() }, 'disconnecting a peer that abused search')
    await this.components.libp2p.hangUp(peer).catch(() => {})
  }
}
