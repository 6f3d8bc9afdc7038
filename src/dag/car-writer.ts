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

/**
 * One CAR section as two chunks, the varint length and CID, then the
 * block's own bytes: a streamed response sends the block without copying it
 * (a 256 MiB CAR would otherwise allocate and copy 256 MiB more).
 */
export function carSectionParts ({ cid, bytes }: { cid: CID, bytes: Uint8Array }): [Uint8Array, Uint8Array] {
  const length = cid.bytes.byteLength + bytes.byteLength
  const prefix = varint.encodingLength(length)
  const head = new Uint8Array(prefix + cid.bytes.byteLength)
  varint.encodeTo(length, head, 0)
  head.set(cid.bytes, prefix)
  return [head, bytes]
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
