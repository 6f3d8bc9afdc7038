import last from 'it-last'
import { pinRecursive } from '../pins.ts'
import { kuboImporterOptions } from './kubo-importer.ts'
import type { KuboImportParams } from './kubo-importer.ts'
import type { Helia } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'
import type { CID } from 'multiformats/cid'

export interface AddFileOptions extends KuboImportParams {
  /** Pin the result, as `ipfs add` does by default. */
  pin?: boolean
  signal?: AbortSignal
}

export interface AddedFile {
  /** The name the file was given, or its CID when it had none. */
  name: string
  cid: CID
  /** Cumulative size of the DAG in bytes, as Kubo reports it. */
  size: bigint
}

export interface FileSource {
  name?: string
  content: AsyncIterable<Uint8Array>
}

/**
 * Imports one file from a stream of bytes, chunk by chunk, so the file is
 * never held in memory whole; then pins it unless told not to.
 */
export async function addFile (node: { helia: Pick<Helia, 'pins'>, fs: UnixFS }, file: FileSource, options: AddFileOptions = {}): Promise<AddedFile> {
  const result = await last(node.fs.addAll([{ content: file.content }], {
    ...kuboImporterOptions(options),
    signal: options.signal
  }))
  if (result == null) {
    throw new Error('the importer returned no entry for the file')
  }
  if (options.pin ?? true) {
    await pinRecursive(node.helia, result.cid, { signal: options.signal })
  }
  return { name: file.name ?? result.cid.toString(), cid: result.cid, size: result.size }
}
