import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import { exporter, resolvers } from 'ipfs-unixfs-exporter'
import * as json from 'multiformats/codecs/json'
import { NotImplementedError } from '../errors.ts'
import { explainPathError } from './retrieval.ts'
import type { Retrieval } from './retrieval.ts'
import type { UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

/** Multicodec of plain CBOR, which multiformats has no module for. */
export const CBOR_CODE = 0x51

/** Codecs whose blocks are IPLD data to path through, not UnixFS. */
const DATA_CODECS = new Set<number>([dagCbor.code, dagJson.code, json.code, CBOR_CODE])

export interface ResolvedPath {
  /** CID of the block the path ends at. */
  cid: CID
  /** One CID per logical path segment, root first: `X-Ipfs-Roots`. */
  roots: CID[]
  /** The UnixFS file, directory or raw block the path ends at; undefined for IPLD data (DAG-CBOR, JSON…). */
  entry?: UnixFSEntry
}

/**
 * Walks `segments` from `root` through UnixFS directories (HAMT-sharded ones
 * too) and through links in DAG-CBOR/DAG-JSON, reading only the blocks on
 * the way. A path that ends inside a DAG-CBOR/DAG-JSON block, rather than at
 * a link, is not served (the gateway spec asks for 501); a missing name is a
 * ContentNotFoundError naming the path.
 */
export async function resolvePath (retrieval: Retrieval, root: CID, segments: string[]): Promise<ResolvedPath> {
  const what = ['', 'ipfs', root.toString(), ...segments].join('/')
  try {
    let cid = root
    const roots = [root]
    let rest = segments
    while (rest.length > 0) {
      const resolver = resolvers[cid.code]
      if (resolver == null) {
        throw Object.assign(new Error(`no resolver for codec 0x${cid.code.toString(16)}`), { name: 'NoResolverError' })
      }
      let next: { cid: CID, rest: string[] } | undefined
      for await (const step of resolver(cid, rest, retrieval.blocks, { signal: retrieval.signal })) {
        next = step
        break
      }
      if (next == null || next.cid.equals(cid)) {
        if (DATA_CODECS.has(cid.code) && next != null && next.rest.length < rest.length) {
          throw new NotImplementedError(`${what}: reading IPLD Kinds other than Links (CBOR Tag 42) is not implemented`)
        }
        throw Object.assign(new Error(`no link named "${rest[0] ?? ''}" under ${cid.toString()}`), { name: 'NotFoundError' })
      }
      cid = next.cid
      roots.push(cid)
      rest = next.rest
    }
    if (DATA_CODECS.has(cid.code)) {
      return { cid, roots }
    }
    const entry = await exporter(cid, retrieval.blocks, { signal: retrieval.signal })
    return { cid, roots, entry }
  } catch (err) {
    throw explainPathError(err, what)
  }
}
