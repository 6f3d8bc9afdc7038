import { Hono } from 'hono'
import { z } from 'zod'
import { collectGarbage } from '../../src/repo/gc.ts'
import { KUBO_REPO_VERSION, repoStat } from '../../src/repo/stat.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import type { GcResult } from '../../src/repo/gc.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const statQuery = z.object({
  'size-only': kuboBool.optional(),
  // Kubo's `human` formats the text output only; JSON stays in bytes
  human: kuboBool.optional()
})

const gcQuery = z.object({
  'stream-errors': kuboBool.optional(),
  // Kubo's `quiet` shortens the text output only
  quiet: kuboBool.optional(),
  q: kuboBool.optional()
})

/** `POST /api/v0/repo/stat`, and `stats/repo`, which Kubo answers the same. */
export function repoStatRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(statQuery), async (c) => {
    const stat = await repoStat(node.config.dataDir, { sizeOnly: c.req.valid('query')['size-only'], storageMax: Number.isFinite(node.storage.maxBytes) ? node.storage.maxBytes : undefined, blocks: { bytes: node.storage.usedBytes, count: node.storage.blocks } })
    return c.json({
      RepoSize: stat.repoSize,
      StorageMax: stat.storageMax,
      NumObjects: stat.numObjects,
      RepoPath: stat.repoPath,
      Version: stat.version
    })
  })
}

/** `POST /api/v0/repo/{stat,gc,version}` */
export function repoRoutes (deps: RouteDeps) {
  const { node } = deps
  return new Hono<AppEnv>()
    .route('/stat', repoStatRoute(deps))
    // the fs-repo version whose layout Cairn's answers follow; `quiet` shapes Kubo's text output only
    .post('/version', (c) => c.json({ Version: KUBO_REPO_VERSION.replace('fs-repo@', '') }))
    .post('/gc', kuboQuery(gcQuery), (c) => {
      const streamErrors = c.req.valid('query')['stream-errors'] === true
      return ndjson(c, gcLines(collectGarbage({ pins: node.helia.pins, datastore: node.helia.datastore, localBlocks: node.localBlocks }), streamErrors))
    })
}

/**
 * Kubo's GcResult lines: `{Key:{"/":cid}}` per removed block. With
 * `stream-errors` each failure is a line `{Key:null,Error}` and the run ends
 * in an error; without, failures only end it in an error.
 */
async function * gcLines (results: AsyncIterable<GcResult>, streamErrors: boolean): AsyncGenerator<Record<string, unknown>> {
  let failed = false
  for await (const result of results) {
    if ('removed' in result) {
      yield { Key: { '/': result.removed.toString() } }
    } else {
      failed = true
      if (streamErrors) {
        yield { Key: null, Error: result.error.message }
      }
    }
  }
  if (failed) {
    throw new Error(streamErrors ? 'encountered errors during gc run' : 'could not fully collect')
  }
}
