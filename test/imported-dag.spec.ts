import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagPb from '@ipld/dag-pb'
import { depthFirstWalker } from '@helia/utils'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import * as raw from 'multiformats/codecs/raw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ImportedDag } from '../src/content/imported-dag.ts'
import { openStores } from '../src/stores.ts'
import type { Stores } from '../src/stores.ts'
import type { GraphWalkerComponents } from '@helia/interface'
import type { CID } from 'multiformats/cid'

const getCodec = ((code: number) => {
  if (code === dagPb.code) { return dagPb }
  if (code === raw.code) { return raw }
  throw new Error(`no codec ${code}`)
}) as GraphWalkerComponents['getCodec']

describe('pinning what an import recorded', () => {
  let dir: string
  let stores: Stores
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-dag-'))
    stores = await openStores(dir, { blockCacheBytes: 0 })
  })
  afterEach(async () => {
    await stores.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function importTree (dag: ImportedDag): Promise<CID> {
    // small chunks and 4 links per node make a deep tree; the repeated chunk makes shared leaves
    const same = randomBytes(1000)
    const files = [
      { path: 'dir/a.bin', content: [randomBytes(40_000)] },
      { path: 'dir/sub/b.bin', content: [same, same, same, randomBytes(9000)] },
      { path: 'dir/empty', content: [new Uint8Array()] }
    ]
    let root: CID | undefined
    for await (const entry of importer(files, dag.recording(stores.blockstore), { chunker: fixedSize({ chunkSize: 1000 }), layout: balanced({ maxChildrenPerNode: 4 }), rawLeaves: false, cidVersion: 0 })) {
      root = entry.cid
    }
    return root!
  }

  async function walked (factory: ReturnType<ImportedDag['walker']>, root: CID, depth?: number): Promise<string[]> {
    const nodes = await Array.fromAsync(factory({ blockstore: stores.blockstore, getCodec }).walk(root, { depth }))
    return [...new Set(nodes.map(n => `${n.depth}:${n.block.cid.toString()}`))].toSorted()
  }

  it('walks the same blocks, at the same depths, as Helia\'s walker reading them back', async () => {
    const dag = new ImportedDag()
    const root = await importTree(dag)
    const expected = await walked(depthFirstWalker(), root)
    // a.bin alone is 40 leaves under 4-link nodes: at least three levels below the directory
    expect(expected.length).toBeGreaterThan(50)
    expect(Math.max(...expected.map(e => Number(e.split(':')[0])))).toBeGreaterThanOrEqual(4)
    expect(await walked(dag.walker(), root)).toEqual(expected)
    expect(await walked(dag.walker(), root, 2)).toEqual(await walked(depthFirstWalker(), root, 2))
  })

  it('reads from the blockstore what it did not record', async () => {
    const root = await importTree(new ImportedDag())
    const unrelated = new ImportedDag()
    expect(await walked(unrelated.walker(), root)).toEqual(await walked(depthFirstWalker(), root))
  })
})
