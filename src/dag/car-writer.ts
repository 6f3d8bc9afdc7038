import * as dagCbor from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import type { CID } from 'multiformats/cid'

/*
 * The one CARv1 writer (https://ipld.io/specs/transport/car/carv1/), for
 * `dag/export` and the trustless gateway alike. Framing rather than
 * @ipld/car's CarWriter: a CAR here is pulled block by block from a
 * generator, so the client's pace drives the walk and a failure in the walk
 * ends the stream, which CarWriter's push channel cannot express.
 */

/** The CARv1 header: a varint length, then DAG-CBOR `{ version: 1, roots }`. */
export function carHeader (roots: CID[]): Uint8Array {
  return withLength([dagCbor.encode({ version: 1, roots })])
}

/** One CAR section: a varint length, the CID's bytes, the block's bytes. */
export function carSection ({ cid, bytes }: { cid: CID, bytes: Uint8Array }): Uint8Array {
  return withLength([cid.bytes, bytes])
}

function withLength (parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0)
  const prefix = varint.encodingLength(length)
  const out = new Uint8Array(prefix + length)
  varint.encodeTo(length, out, 0)
  let offset = prefix
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
