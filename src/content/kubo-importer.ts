import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { KUBO_CHUNK_SIZE_BYTES, KUBO_MAX_CHILDREN_PER_NODE } from '../constants.ts'
import type { AddOptions } from '@helia/unixfs'

export interface KuboImportParams {
  /** Kubo's default is 0. */
  cidVersion?: 0 | 1
  /** Kubo: false for CIDv0, true for CIDv1 unless asked otherwise. */
  rawLeaves?: boolean
  /** Fixed chunk size; Kubo's default is 256 KiB. */
  chunkSize?: number
}

/**
 * Importer settings that give the same CIDs as `ipfs add` for the same
 * parameters: IPIP-499's `unixfs-v0-2015` profile (Kubo's shape). Each field
 * is still set because @helia/unixfs spreads its own Filecoin-shaped defaults
 * (CIDv1, 1 MiB chunks, 1024 links) over what the profile would choose.
 */
export function kuboImporterOptions (params: KuboImportParams = {}): Omit<AddOptions, 'onProgress' | 'signal'> {
  const cidVersion = params.cidVersion ?? 0
  return {
    profile: 'unixfs-v0-2015',
    cidVersion,
    rawLeaves: params.rawLeaves ?? cidVersion === 1,
    leafType: 'file',
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: params.chunkSize ?? KUBO_CHUNK_SIZE_BYTES }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_CHILDREN_PER_NODE })
  }
}
