/**
 * Not part of `npm run bench`: a bench-only prototype of a faster add path,
 * measured in-process on a real Cairn node (loopback, temp dir) so the
 * HTTP layer is out of the picture. Compares, for the same bytes:
 *   current:  importer -> helia.blockstore, then helia.pins.add walks the DAG
 *   proposed: importer -> the unwrapped blockstore-fs, recording each CID,
 *             then one datastore batch of pin records (merged with any
 *             existing record), no re-read of the blocks
 * Run: node bench/prototype-add-path.ts [MiB]
 */
import * as dagCbor from '@ipld/dag-cbor'
import * as cborg from 'cborg'
import drain from 'it-drain'
import { Key } from 'interface-datastore'
import { importer } from 'ipfs-unixfs-importer'
import { base36 } from 'multiformats/bases/base36'
import { importerOptions } from '../src/content/import-params.ts'
import { startCairn } from '../test/fixtures/cairn.ts'
import { content } from './lib/bytes.ts'
import { MIB, mibPerSecond } from './lib/stats.ts'
import type { WritableStorage } from 'ipfs-unixfs-importer'
import type { CID } from 'multiformats/cid'

const sizeMiB = Number(process.argv[2] ?? 256)
const bytes = sizeMiB * MIB
const cairn = await startCairn()
const { helia } = cairn.service.node
type Put = WritableStorage

async function importInto (store: Put, seed: number): Promise<{ root: CID, ms: number }> {
  const started = performance.now()
  let root: CID | undefined
  for await (const entry of importer([{ path: 'bench.bin', content: content(bytes, seed) }], store, importerOptions('unixfs-v0-2015'))) {
    root = entry.cid
  }
  if (root == null) {
    throw new Error('no root')
  }
  return { root, ms: performance.now() - started }
}

async function batchPin (root: CID, cids: CID[]): Promise<void> {
  const batch = helia.datastore.batch()
  for (const cid of new Set(cids.map(c => c.multihash.bytes)).values()) {
    const key = new Key(`/pinned-block/${base36.encode(cid)}`)
    let record = { pinCount: 0, pinnedBy: [] as Uint8Array[] }
    try {
      record = dagCbor.decode(await helia.datastore.get(key))
    } catch (err) {
      if ((err as Error).name !== 'NotFoundError') {
        throw err
      }
    }
    record.pinCount++
    record.pinnedBy.push(root.bytes)
    batch.put(key, dagCbor.encode(record))
  }
  batch.put(new Key(`/pin/${root.toV1().toString(base36)}`), cborg.encode({ depth: Infinity, metadata: {} }))
  await batch.commit()
}

try {
  const results: string[] = []
  for (let round = 0; round < 2; round++) {
    const current = await importInto(helia.blockstore, 1000 + round)
    let started = performance.now()
    await drain(helia.pins.add(current.root))
    const currentPinMs = performance.now() - started

    const fs = (helia.blockstore as unknown as { unwrap(): { unwrap(): Put } }).unwrap().unwrap()
    const seen: CID[] = []
    const recording: Put = { put: async (cid, block, options) => { seen.push(cid); return fs.put(cid, block, options) } }
    const proposed = await importInto(recording, 2000 + round)
    started = performance.now()
    await batchPin(proposed.root, seen)
    const proposedPinMs = performance.now() - started
    if (!await helia.pins.isPinned(proposed.root)) {
      throw new Error('the batched pin is not seen by Helia')
    }
    results.push(`round ${round}: current import ${mibPerSecond(bytes, current.ms).toFixed(0)} MiB/s + pin walk ${currentPinMs.toFixed(0)} ms = ${mibPerSecond(bytes, current.ms + currentPinMs).toFixed(0)} MiB/s | ` +
      `proposed import ${mibPerSecond(bytes, proposed.ms).toFixed(0)} MiB/s + batched pin ${proposedPinMs.toFixed(0)} ms (${seen.length} blocks) = ${mibPerSecond(bytes, proposed.ms + proposedPinMs).toFixed(0)} MiB/s`)
  }
  process.stdout.write(`${sizeMiB} MiB, in-process on a Cairn node\n${results.join('\n')}\n`)
} finally {
  await cairn.stop()
}
