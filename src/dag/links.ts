import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import { createUnsafe } from 'multiformats/block'
import { CID } from 'multiformats/cid'
import { UnsupportedContentError } from '../errors.ts'
import type { Helia } from '@helia/interface'

/** raw, json, cbor, libp2p-key: blocks of these codecs never link, so they are not decoded. */
const LEAF_CODECS = new Set([0x55, 0x0200, 0x51, 0x72])

type KeyOrder = (a: string, b: string) => number

/** dag-cbor's canonical map order: shorter keys first, then bytewise. */
const cborOrder: KeyOrder = (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b))

/** dag-json's canonical map order: bytewise. */
const jsonOrder: KeyOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** A link of a block: its target, and its dag-pb name or, in other codecs, the path to it inside the node. */
export interface NamedLink {
  cid: CID
  name: string
}

/**
 * The links of a block in the order they appear in its bytes, which is the
 * order Kubo's traversal (go-ipld-prime) follows them: dag-pb's Links list,
 * and map entries as encoded. JS objects put integer-like keys first
 * whatever the encoding said, so a map that has such keys is put back in its
 * codec's canonical order.
 */
export async function linksOf (getCodec: Helia['getCodec'], cid: CID, bytes: Uint8Array): Promise<CID[]> {
  return (await namedLinksOf(getCodec, cid, bytes)).map(link => link.cid)
}

/** `linksOf` with each link's name. */
export async function namedLinksOf (getCodec: Helia['getCodec'], cid: CID, bytes: Uint8Array): Promise<NamedLink[]> {
  if (LEAF_CODECS.has(cid.code)) {
    return []
  }
  try {
    if (cid.code === dagPb.code) {
      return dagPb.decode(bytes).Links.map(link => ({ cid: link.Hash, name: link.Name ?? '' }))
    }
    if (cid.code === dagCbor.code) {
      return [...linksIn(dagCbor.decode(bytes), cborOrder, [])]
    }
    if (cid.code === dagJson.code) {
      return [...linksIn(dagJson.decode(bytes), jsonOrder, [])]
    }
  } catch (err) {
    throw new UnsupportedContentError(`block ${cid.toString()} cannot be decoded: ${(err as Error).message}`)
  }
  let codec
  try {
    codec = await getCodec(cid.code)
  } catch {
    throw new UnsupportedContentError(`block ${cid.toString()} has codec 0x${cid.code.toString(16)}, which Cairn cannot decode`)
  }
  return [...createUnsafe({ cid, bytes, codec }).links()].map(([path, link]) => ({ cid: link, name: path }))
}

function * linksIn (value: unknown, order: KeyOrder, path: string[]): Generator<NamedLink> {
  const cid = CID.asCID(value)
  if (cid != null) {
    yield { cid, name: path.join('/') }
    return
  }
  if (value == null || typeof value !== 'object' || value instanceof Uint8Array) {
    return
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      yield * linksIn(item, order, [...path, String(index)])
    }
    return
  }
  const record = value as Record<string, unknown>
  let keys = Object.keys(record)
  if (keys.some(key => /^(0|[1-9]\d*)$/.test(key))) {
    keys = keys.toSorted(order)
  }
  for (const key of keys) {
    yield * linksIn(record[key], order, [...path, key])
  }
}
