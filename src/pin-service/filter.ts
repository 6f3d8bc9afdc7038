import { CID } from 'multiformats/cid'
import { PIN_REQUEST_STATUSES } from './request.ts'
import type { PinRequest, PinRequestStatus } from './request.ts'

/** The spec's text matching strategies for the `name` filter. */
export type NameMatch = 'exact' | 'iexact' | 'partial' | 'ipartial'

export const NAME_MATCHES: readonly NameMatch[] = ['exact', 'iexact', 'partial', 'ipartial']

/** Spec default and bounds for `limit`. */
export const DEFAULT_LIST_LIMIT = 10
export const MAX_LIST_LIMIT = 1000
/** Most CIDs one `cid` filter may name. */
export const MAX_CID_FILTER = 10

export interface PinRequestFilter {
  cids?: CID[]
  name?: string
  /** @default 'exact' */
  match?: NameMatch
  /** @default ['pinned'] without other filters, every status with them (see defaultStatus) */
  status?: PinRequestStatus[]
  /** Created strictly before this instant. */
  before?: Date
  /** Created strictly after this instant. */
  after?: Date
  /** Every key given must be present with this exact value. */
  meta?: Record<string, string>
  /** @default DEFAULT_LIST_LIMIT */
  limit?: number
}

export interface PinRequestPage {
  /** Every request that matches, however many are returned. */
  count: number
  /** Newest first, at most `limit`. */
  results: PinRequest[]
}

/**
 * The spec's listing: all filters AND-ed, newest first, so a client pages
 * back in time by passing the oldest `created` it got as `before`.
 */
export function filterRequests (requests: Iterable<PinRequest>, filter: PinRequestFilter): PinRequestPage {
  const status = new Set(filter.status ?? defaultStatus(filter))
  const cids = filter.cids == null ? undefined : new Set(filter.cids.map(cid => cid.toV1().toString()))
  const before = filter.before?.getTime()
  const after = filter.after?.getTime()
  const matches: PinRequest[] = []
  for (const request of requests) {
    const created = Date.parse(request.created)
    if (!status.has(request.status) ||
      (cids != null && !cids.has(normalCid(request.pin.cid))) ||
      (filter.name != null && !nameMatches(request.pin.name, filter.name, filter.match ?? 'exact')) ||
      (before != null && created >= before) ||
      (after != null && created <= after) ||
      (filter.meta != null && !metaMatches(request.pin.meta, filter.meta))) {
      continue
    }
    matches.push(request)
  }
  matches.sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
  return { count: matches.length, results: matches.slice(0, filter.limit ?? DEFAULT_LIST_LIMIT) }
}

/**
 * The spec lists "only successful pins" when no filter is given; a client
 * that asks for a CID, a name, metadata or a time range is looking for its
 * requests whatever their state (a pin just made is usually still queued),
 * unless it names the statuses it wants.
 */
function defaultStatus (filter: PinRequestFilter): readonly PinRequestStatus[] {
  const filtered = filter.cids != null || filter.name != null || filter.meta != null || filter.before != null || filter.after != null
  return filtered ? PIN_REQUEST_STATUSES : ['pinned']
}

function normalCid (cid: string): string {
  try {
    return CID.parse(cid).toV1().toString()
  } catch {
    return cid
  }
}

function nameMatches (name: string | undefined, wanted: string, match: NameMatch): boolean {
  if (name == null) {
    return false
  }
  switch (match) {
    case 'exact': return name === wanted
    case 'iexact': return name.toLowerCase() === wanted.toLowerCase()
    case 'partial': return name.includes(wanted)
    case 'ipartial': return name.toLowerCase().includes(wanted.toLowerCase())
  }
}

function metaMatches (meta: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => Object.hasOwn(meta, key) && meta[key] === value)
}
