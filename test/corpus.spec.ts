import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONFORMANCE_DIR, CONFORMANCE_SKIP_REASON, hasConformanceFixtures } from './fixtures/conformance.ts'
import { buildFixture, corpusNames, reproducesKubo } from './fixtures/corpus/index.ts'
import { readCar } from './fixtures/trustless.ts'

// the extra conformance layer: what the specs build for themselves is, block for block, what Kubo made
describe('the built corpus', () => {
  it.skipIf(!hasConformanceFixtures).each(corpusNames().filter(reproducesKubo))(`%s is the conformance CAR's blocks${hasConformanceFixtures ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, async (name) => {
    const built = await buildFixture(name)
    const kubo = await readCar(createReadStream(join(CONFORMANCE_DIR, name)))
    expect(built?.roots.map(String)).toEqual(kubo.roots.map(String))
    expect(built?.blocks.map(b => b.cid.toString()).toSorted()).toEqual(kubo.blocks.map(b => b.cid.toString()).toSorted())
  })

  it('builds each fixture with its roots among its blocks', async () => {
    for (const name of corpusNames()) {
      const built = await buildFixture(name)
      const cids = new Set(built?.blocks.map(b => b.cid.toString()))
      expect(built?.roots.length, name).toBeGreaterThan(0)
      expect(built?.roots.filter(root => !cids.has(root.toString())), name).toEqual([])
    }
  })
})
