import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { z } from 'zod'
import { isMultiaddrText } from '../network/multiaddr-text.ts'
import {
  MAX_SEARCH_HIT_ADDRS,
  MAX_SEARCH_HITS_PER_MESSAGE,
  MAX_SEARCH_HOPS,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_TERM_CHARS,
  MAX_SEARCH_TERMS,
  MAX_SEARCH_TIMEOUT_MS
} from '../constants.ts'
import { ProtocolError } from '../errors.ts'
import { MAX_PIN_NAME_BYTES } from '../pins.ts'

/**
 * The wire format of `/cairn/search/1.0.0`: varint-length-prefixed JSON
 * messages, each bounded in bytes before it is read (the stream's reader
 * refuses a longer length prefix) and validated here before use.
 *
 * The asker sends one `query`; the other side answers with `hits` messages
 * as it finds them (its own, then what its neighbours send back) and ends
 * with `done`.
 */

const cidString = z.string().max(128).refine(value => {
  try {
    CID.parse(value)
    return true
  } catch {
    return false
  }
}, 'expected a CID')

const peerIdString = z.string().max(128).refine(value => {
  try {
    peerIdFromString(value)
    return true
  } catch {
    return false
  }
}, 'expected a peer ID')

const multiaddrString = z.string().max(256).refine(isMultiaddrText, 'expected a multiaddr')

const bytesAtMost = (max: number) => z.string().refine(value => Buffer.byteLength(value) <= max, `at most ${max} bytes`)

export const Query = z.strictObject({
  type: z.literal('query'),
  /** 16 random bytes, base64url: relays drop an id they have seen. */
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  terms: z.array(z.string().min(1).max(MAX_SEARCH_TERM_CHARS)).min(1).max(MAX_SEARCH_TERMS),
  /** Hops left, this one included: 1 answers without forwarding. */
  hops: z.int().min(1).max(MAX_SEARCH_HOPS),
  limit: z.int().min(1).max(MAX_SEARCH_LIMIT),
  /** Time left, relative (peers' clocks differ). */
  timeoutMs: z.int().min(1).max(MAX_SEARCH_TIMEOUT_MS)
})
export type Query = z.infer<typeof Query>

export const Hit = z.strictObject({
  cid: cidString,
  /** The pin's root, so `/ipfs/<root>/<path>` reaches the entry. */
  root: cidString,
  /** The pin's name. */
  name: bytesAtMost(MAX_PIN_NAME_BYTES),
  path: bytesAtMost(1024),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  score: z.number().min(0).max(1e9),
  /** The holder. */
  peer: peerIdString,
  addrs: z.array(multiaddrString).max(MAX_SEARCH_HIT_ADDRS),
  /** Hops from whoever reads the message to the holder. */
  hops: z.int().min(1).max(MAX_SEARCH_HOPS)
})
export type Hit = z.infer<typeof Hit>

export const Answer = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hits'), hits: z.array(Hit).min(1).max(MAX_SEARCH_HITS_PER_MESSAGE) }),
  z.strictObject({ type: z.literal('done') })
])
export type Answer = z.infer<typeof Answer>

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encode (message: Query | Answer): Uint8Array {
  return encoder.encode(JSON.stringify(message))
}

/** @throws ProtocolError for anything that is not valid UTF-8 JSON of the schema's shape */
export function decode<T> (schema: z.ZodType<T>, bytes: Uint8Array): T {
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(bytes))
  } catch {
    throw new ProtocolError('search message is not JSON')
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ProtocolError(`invalid search message: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`)
  }
  return parsed.data
}
