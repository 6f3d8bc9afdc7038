import { randomBytes } from 'node:crypto'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'
import { blake2b256 } from '@multiformats/blake2/blake2b'
import { sha3256, sha3512 } from '@multiformats/sha3'
import { blake3 } from '@noble/hashes/blake3.js'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digestOf } from 'multiformats/hashes/digest'
import { sha512 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { carBlocks, carV1 } from './fixtures/car.ts'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Each hash as the test computes it itself, apart from Cairn's table. */
const HASHES: Record<string, { code: number, digest: (bytes: Uint8Array) => Promise<Uint8Array> }> = {
  'sha2-512': { code: sha512.code, digest: async bytes => (await sha512.digest(bytes)).digest },
  'sha3-256': { code: sha3256.code, digest: async bytes => (await sha3256.digest(bytes)).digest },
  'sha3-512': { code: sha3512.code, digest: async bytes => (await sha3512.digest(bytes)).digest },
  'blake2b-256': { code: blake2b256.code, digest: async bytes => (await blake2b256.digest(bytes)).digest },
  blake3: { code: 0x1e, digest: async bytes => Promise.resolve(blake3(bytes)) }
}

async function cidOf (name: string, code: number, bytes: Uint8Array): Promise<CID> {
  const hash = HASHES[name]!
  return CID.createV1(code, digestOf(hash.code, await hash.digest(bytes)))
}

describe('hash functions beyond sha2-256', () => {
  let cairn: TestCairn
  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const exported = async (root: CID) => carBlocks(Buffer.concat(await Array.fromAsync(cairn.kubo.dag.export(root))))

  it.each(Object.keys(HASHES))('adds a chunked file in a directory with --hash=%s, every block hashed with it', async (hash) => {
    const bytes = randomBytes(2500)
    const added = await Array.fromAsync(cairn.kubo.addAll([{ path: 'dir/file.bin', content: bytes }], { hashAlg: hash, chunker: 'size-1000' }))
    const root = added.at(-1)!.cid
    expect(root.version).toBe(1)
    expect(root.multihash.code).toBe(HASHES[hash]!.code)
    expect(Buffer.concat(await Array.fromAsync(cairn.kubo.cat(`${root.toString()}/file.bin`)))).toEqual(bytes)
    const { blocks } = await exported(root)
    // the directory, the file node and three raw leaves
    expect(blocks).toHaveLength(5)
    for (const block of blocks) {
      expect((await cidOf(hash, block.cid.code, block.bytes)).equals(block.cid)).toBe(true)
    }
    // Tsize is the cumulative size of the blocks below a link, as Kubo writes it
    const dir = dagPb.decode(blocks[0]!.bytes)
    expect(dir.Links[0]?.Tsize).toBe(blocks.slice(1).reduce((sum, block) => sum + block.bytes.byteLength, 0))
    expect(Number(added.at(-1)!.size)).toBe(blocks.reduce((sum, block) => sum + block.bytes.byteLength, 0))
    expect(await cairn.service.node.helia.pins.isPinned(root)).toBe(true)
  })

  it('hashes the empty directories of an upload too', async () => {
    const added = await Array.fromAsync(cairn.kubo.addAll([{ path: 'tree/empty' }, { path: 'tree/a.txt', content: new TextEncoder().encode('a') }], { hashAlg: 'blake3' }))
    // an empty UnixFS directory is always these four bytes
    const emptyDir = await cidOf('blake3', dagPb.code, Uint8Array.from([0x0a, 0x02, 0x08, 0x01]))
    expect(added.find(entry => entry.path === 'tree/empty')?.cid.toString()).toBe(emptyDir.toString())
    const { blocks } = await exported(added.find(entry => entry.path === 'tree')!.cid)
    expect(blocks.map(block => block.cid.toString())).toContain(emptyDir.toString())
  })

  it('refuses another hash with CIDv0, and an unknown hash', async () => {
    await expect(cairn.kubo.add('x', { hashAlg: 'blake3', cidVersion: 0 })).rejects.toThrow('CIDv0 only supports sha2-256')
    await expect(cairn.kubo.add('x', { hashAlg: 'md5' })).rejects.toThrow(/unsupported hash "md5"/)
  })

  it.each(Object.keys(HASHES))('puts a block with --mhtype=%s', async (hash) => {
    const bytes = randomBytes(100)
    const cid = await cairn.kubo.block.put(bytes, { mhtype: hash })
    expect(cid.equals(await cidOf(hash, raw.code, bytes))).toBe(true)
    expect(Buffer.from(await cairn.kubo.block.get(cid))).toEqual(bytes)
  })

  it('imports and exports a blake2b-256 dag-cbor DAG, as Filecoin CARs hold, and refuses a corrupt one', async () => {
    const leafBytes = dagCbor.encode({ height: 1 })
    const leaf = await cidOf('blake2b-256', dagCbor.code, leafBytes)
    const rootBytes = dagCbor.encode({ parents: [leaf], note: 'genesis' })
    const root = await cidOf('blake2b-256', dagCbor.code, rootBytes)
    const car = await carV1([root], [{ cid: root, bytes: rootBytes }, { cid: leaf, bytes: leafBytes }])
    const [result] = await Array.fromAsync(cairn.kubo.dag.import([car]))
    expect(result?.root.cid.toString()).toBe(root.toString())
    expect(result?.root.pinErrorMsg).toBe('')
    expect(Buffer.concat(await Array.fromAsync(cairn.kubo.dag.export(root)))).toEqual(car)

    const forged = await carV1([root], [{ cid: leaf, bytes: dagCbor.encode({ height: 2 }) }])
    await expect(Array.fromAsync(cairn.kubo.dag.import([forged]))).rejects.toThrow(/corrupt/)
  })
})
