import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagPb from '@ipld/dag-pb'
import { depthFirstWalker } from '@helia/utils'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ImportedDag } from '../src/content/imported-dag.ts'
import { openStores } from '../src/stores.ts'
import type { Stores } from '../src/stores.ts'
import type { GraphWalkerComponents } from '@helia/interface'

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
    const store = dag.recording(stores.blockstore)
    for await (const entry of importer(files, store, { chunker: fixedSize({ chunkSize: 1000 }), layout: balanced({ maxChildrenPerNode: 4 }), rawLeaves: false, cidVersion: 0 })) {
      root = entry.cid
    }
    await store.flushed()
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

  it('writes behind, at most `inFlight` at once, and reports the first failed write at the end and to later puts', async () => {
    let running = 0
    let most = 0
    let fail = false
    const slow = {
      put: async (cid: CID) => {
        running++
        most = Math.max(most, running)
        await new Promise(resolve => setTimeout(resolve, 5))
        running--
        if (fail) {
          throw new Error(`disk full writing ${cid.toString()}`)
        }
        return cid
      }
    }
    const store = new ImportedDag().recording(slow, 3)
    const leaves = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const bytes = new Uint8Array([i])
      return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
    }))
    for (const leaf of leaves.slice(0, 6)) {
      await store.put(leaf.cid, leaf.bytes)
    }
    await store.flushed()
    expect(most).toBe(3)
    fail = true
    await store.put(leaves[6]!.cid, leaves[6]!.bytes)
    await expect(store.flushed()).rejects.toThrow(/disk full/)
    await expect(store.put(leaves[7]!.cid, leaves[7]!.bytes)).rejects.toThrow(/disk full/)
  })
})
