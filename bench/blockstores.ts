import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelBlockstore } from 'blockstore-level'
import { FsBlockstore } from 'blockstore-fs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { CachedFsBlockstore } from '../src/block-cache.ts'
import { MultihashFileNames } from '../src/block-files.ts'
import { DEFAULT_BLOCK_CACHE_BYTES } from '../src/constants.ts'
import { content } from './lib/bytes.ts'
import { ratio } from './lib/row.ts'
import { MIB, median, mibPerSecond, repeat } from './lib/stats.ts'
import type { Row } from './lib/row.ts'
import type { Blockstore } from 'interface-blockstore'

const BLOCK_BYTES = 256 * 1024
/** Reads and writes in flight at once, as the importer's and exporter's batches keep them. */
const CONCURRENCY = 8

interface Candidate {
  name: string
  create(dir: string): Blockstore & { open(): Promise<void>, close(): Promise<void> }
}

/**
 * The blockstore choice, measured the way Cairn uses a store: `sizeMiB` of
 * 256 KiB blocks written, then read back whole, 8 at a time, into a fresh
 * temp dir. Candidates: blockstore-fs as shipped, Cairn's store over it
 * (src/block-cache.ts, cache off so every read is a file read, and on), and
 * blockstore-level (LevelDB). Ratios are against blockstore-fs.
 */
export async function blockstores (sizeMiB: number, runs: number): Promise<Row[]> {
  const blocks = await Promise.all([...content(sizeMiB * MIB, 900)].flatMap(chunk => {
    const parts: Uint8Array[] = []
    for (let at = 0; at < chunk.byteLength; at += BLOCK_BYTES) {
      parts.push(chunk.subarray(at, at + BLOCK_BYTES))
    }
    return parts
  }).map(async bytes => ({ cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes })))

  const candidates: Candidate[] = [
    { name: 'blockstore-fs 4 (as shipped)', create: dir => new FsBlockstore(dir, { shardingStrategy: new MultihashFileNames() }) },
    { name: 'Cairn CachedFsBlockstore, cache off', create: dir => new CachedFsBlockstore(dir, { shardingStrategy: new MultihashFileNames(), cacheBytes: 0 }) },
    { name: `Cairn CachedFsBlockstore, ${DEFAULT_BLOCK_CACHE_BYTES / MIB} MiB cache`, create: dir => new CachedFsBlockstore(dir, { shardingStrategy: new MultihashFileNames(), cacheBytes: DEFAULT_BLOCK_CACHE_BYTES }) },
    { name: 'blockstore-level 4 (LevelDB)', create: dir => new LevelBlockstore(dir) }
  ]

  // candidates take turns within each round, so the machine's drift (and the page cache
  // the previous writer left dirty) falls on all of them alike
  const measured = new Map<string, Array<{ write: number, read: number }>>(candidates.map(c => [c.name, []]))
  await repeat(runs, async () => {
    for (const candidate of candidates) {
      measured.get(candidate.name)?.push(await writeThenRead(candidate, blocks, sizeMiB))
    }
  })
  const results = candidates.map(({ name }) => {
    const rounds = measured.get(name) ?? []
    return { name, write: median(rounds.map(r => r.write)), read: median(rounds.map(r => r.read)) }
  })

  const [base] = results
  return results.map(r => ({
    bench: `blockstore: ${r.name}, ${sizeMiB} MiB of 256 KiB blocks (n=${runs})`,
    measured: `write ${r.write.toFixed(0)} MiB/s, read ${r.read.toFixed(0)} MiB/s`,
    compared: base == null || r === base ? '—' : `blockstore-fs write ${base.write.toFixed(0)}, read ${base.read.toFixed(0)} MiB/s`,
    ratio: base == null || r === base ? '—' : `${ratio(r.write / base.write)} / ${ratio(r.read / base.read)}`,
    target: 'report'
  }))
}

async function writeThenRead (candidate: Candidate, blocks: Array<{ cid: CID, bytes: Uint8Array }>, sizeMiB: number): Promise<{ write: number, read: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-store-'))
  const store = candidate.create(dir)
  await store.open()
  try {
    let started = performance.now()
    await inParallel(blocks, async ({ cid, bytes }) => { await store.put(cid, bytes) })
    const writeMs = performance.now() - started
    started = performance.now()
    await inParallel(blocks, async ({ cid }) => { for await (const chunk of store.get(cid)) { void chunk } })
    const readMs = performance.now() - started
    return { write: mibPerSecond(sizeMiB * MIB, writeMs), read: mibPerSecond(sizeMiB * MIB, readMs) }
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

async function inParallel<T> (items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < items.length; i = next++) {
      await work(items[i] as T)
    }
  }))
}
