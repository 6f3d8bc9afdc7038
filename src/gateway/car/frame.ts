import * as dagCbor from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import type { GatewayBlock } from '../path-blocks.ts'
import type { CID } from 'multiformats/cid'

/*
 * CARv1 framing (https://ipld.io/specs/transport/car/carv1/), written here
 * rather than through @ipld/car's CarWriter: the CAR is pulled block by block
 * from a generator, so the client's pace drives the walk and a failure in
 * the walk ends the stream, which CarWriter's push channel cannot express.
 */

/** The CARv1 header: a varint length, then DAG-CBOR `{ version: 1, roots }`. */
export function carHeader (roots: CID[]): Uint8Array {
  return withLength([dagCbor.encode({ version: 1, roots })])
}

/** One CAR section: a varint length, the CID's bytes, the block's bytes. */
export function carSection ({ cid, bytes }: GatewayBlock): Uint8Array {
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
