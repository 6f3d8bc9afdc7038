import { randomBytes } from 'node:crypto'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { describe, expect, it } from 'vitest'
import { importerOptions } from '../src/content/import-params.ts'
import type { ImporterOptions } from 'ipfs-unixfs-importer'

/** Every CID an import writes, in order, and the root. */
async function cids (options: Partial<ImporterOptions>, files: Array<{ path: string, content: Uint8Array[] }>): Promise<string[]> {
  const blockstore = new MemoryBlockstore()
  const written: string[] = []
  const recording = { put: async (cid: Parameters<MemoryBlockstore['put']>[0], bytes: Uint8Array) => { written.push(cid.toString()); return blockstore.put(cid, bytes) } }
  const roots = await Array.fromAsync(importer(files, recording, options))
  return [...written.toSorted(), ...roots.map(r => `${r.path}:${r.cid.toString()}:${r.size}`)]
}

describe('lean leaves', () => {
  const data = randomBytes(300_000)
  const repeated = randomBytes(5000)
  const small = randomBytes(700)
  const files = (): Array<{ path: string, content: Uint8Array[] }> => [
    { path: 'd/big.bin', content: [data] },
    { path: 'd/one.bin', content: [small] },
    { path: 'd/empty.bin', content: [new Uint8Array()] },
    { path: 'd/same.bin', content: [repeated, repeated, repeated] }
  ]
  const cases: Array<[string, Partial<ImporterOptions>]> = [
    ['CIDv0, dag-pb leaves, 174 links', { chunker: fixedSize({ chunkSize: 4096 }) }],
    ['CIDv1, raw leaves', { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 4096 }), layout: balanced({ maxChildrenPerNode: 8 }) }],
    ['CIDv1, dag-pb leaves, trickle', { cidVersion: 1, rawLeaves: false, chunker: fixedSize({ chunkSize: 4096 }), layout: trickle() }],
    ['CIDv0, 3 links per node', { chunker: fixedSize({ chunkSize: 1000 }), layout: balanced({ maxChildrenPerNode: 3 }) }]
  ]

  it.each(cases)('writes the same blocks and roots as the importer\'s own leaf writer: %s', async (_name, overrides) => {
    const ours = importerOptions('unixfs-v0-2015', { cidVersion: overrides.cidVersion, rawLeaves: overrides.rawLeaves })
    const { bufferImporter, ...theirs } = ours
    expect(bufferImporter).toBeTypeOf('function')
    const expected = await cids({ ...theirs, ...overrides }, files())
    expect(expected.length).toBeGreaterThan(20)
    expect(await cids({ ...ours, ...overrides }, files())).toEqual(expected)
  })
})
