import { RateLimiter } from '@libp2p/utils'
import { LRUCache } from 'lru-cache'
import { SEARCH_BAN_S, SEARCH_FLOOD_FACTOR, SEARCH_MAX_STRIKES_PER_MINUTE, SEARCH_SEEN_IDS, SEARCH_SEEN_TTL_MS } from '../constants.ts'

/**
 * Query ids this node has taken part in, as asker or relay, for as long as
 * any query can run: a query that comes round again (a ring, two paths to
 * one peer, a routing ask after the flood got there) is dropped, so each
 * node answers a query once. Bounded: the oldest ids go first.
 */
export class SeenQueries {
  private readonly ids = new LRUCache<string, true>({ max: SEARCH_SEEN_IDS, ttl: SEARCH_SEEN_TTL_MS, ttlAutopurge: false })

  /** Records `id`; false when it was already there. */
  first (id: string): boolean {
    if (this.ids.has(id)) {
      return false
    }
    this.ids.set(id, true)
    return true
  }
}

export type Verdict = 'accepted' | 'rate-limited' | 'banned'

export interface PeerGuardInit {
  /** Queries accepted from one peer per second. */
  queriesPerSecond: number
  /** Called once when a peer has used up its strikes: disconnect it. */
  onBanned: (peer: string) => void
}

/**
 * What a peer may cost this node. Its queries are rate limited: one over the
 * rate is dropped (an honest relay passing on a burst of its users'
 * searches loses some of them, nothing more); one over SEARCH_FLOOD_FACTOR
 * times the rate is a strike, as is a malformed or oversized message or an
 * answer beyond the limit. A peer with more than
 * SEARCH_MAX_STRIKES_PER_MINUTE strikes is banned for SEARCH_BAN_S:
 * disconnected, and its search streams refused until then.
 */
export class PeerGuard {
  private readonly queries: RateLimiter
  private readonly flooding: RateLimiter
  private readonly strikes = new RateLimiter({ points: SEARCH_MAX_STRIKES_PER_MINUTE, duration: 60, blockDuration: SEARCH_BAN_S, keyPrefix: 'search-strikes' })
  private readonly onBanned: (peer: string) => void

  constructor (init: PeerGuardInit) {
    this.queries = new RateLimiter({ points: init.queriesPerSecond, duration: 1, keyPrefix: 'search-queries' })
    this.flooding = new RateLimiter({ points: init.queriesPerSecond * SEARCH_FLOOD_FACTOR, duration: 1, keyPrefix: 'search-flooding' })
    this.onBanned = init.onBanned
  }

  /** Takes one query from `peer` against its rate. */
  admit (peer: string): Verdict {
    if (this.banned(peer)) {
      return 'banned'
    }
    try {
      this.flooding.consume(peer)
    } catch {
      this.strike(peer)
    }
    try {
      this.queries.consume(peer)
      return 'accepted'
    } catch {
      return this.banned(peer) ? 'banned' : 'rate-limited'
    }
  }

  strike (peer: string): void {
    const already = this.banned(peer)
    try {
      this.strikes.consume(peer)
    } catch {
      if (!already) {
        this.onBanned(peer)
      }
    }
  }

  banned (peer: string): boolean {
    return (this.strikes.get(peer)?.consumedPoints ?? 0) > SEARCH_MAX_STRIKES_PER_MINUTE
  }
}
