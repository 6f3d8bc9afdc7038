import * as dagPb from '@ipld/dag-pb'
import { walkDag } from './walk.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface DagStat {
  cid: CID
  /** Bytes of the DAG's blocks, each block counted once. */
  size: number
  numBlocks: number
}

export interface DagStatSummary {
  dags: DagStat[]
  /** Blocks and bytes over all the DAGs, a block two of them share counted once. */
  uniqueBlocks: number
  totalSize: number
  /** Bytes counted more than once over all the DAGs. */
  sharedSize: number
  /** All the DAGs' bytes over their unique bytes; 0 until the walk is done. */
  ratio: number
}

/**
 * Kubo's `dag stat`: walks each DAG (fetching what is missing) and yields
 * the running summary after every block, then the final one, with the ratio.
 */
export async function * dagStats (helia: Pick<Helia, 'blockstore' | 'getCodec'>, roots: CID[], options: { idleTimeoutMs: number, signal?: AbortSignal }): AsyncGenerator<DagStatSummary> {
  const summary: DagStatSummary = { dags: [], uniqueBlocks: 0, totalSize: 0, sharedSize: 0, ratio: 0 }
  const counted = new Set<string>()
  let allBytes = 0
  for (const root of roots) {
    const stat: DagStat = { cid: root, size: 0, numBlocks: 0 }
    summary.dags.push(stat)
    for await (const block of walkDag(helia, root, { missing: 'fetch', ...options })) {
      const size = block.bytes.byteLength
      stat.size += size
      stat.numBlocks++
      allBytes += size
      const key = block.cid.toString()
      if (!counted.has(key)) {
        counted.add(key)
        summary.uniqueBlocks++
        summary.totalSize += size
      }
      yield summary
    }
  }
  summary.sharedSize = allBytes - summary.totalSize
  summary.ratio = summary.totalSize === 0 ? 0 : allBytes / summary.totalSize
  yield summary
}

/**
 * The size of the DAG under a root, as its root block records it: a dag-pb
 * node's own bytes plus its links' Tsize (what Kubo's `CumulativeSize`
 * reports); a block of another codec is counted alone.
 */
export function recordedDagSize (cid: CID, bytes: Uint8Array): number {
  return cid.code === dagPb.code
    ? dagPb.decode(bytes).Links.reduce((total, link) => total + (link.Tsize ?? 0), bytes.byteLength)
    : bytes.byteLength
}
