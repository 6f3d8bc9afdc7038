import { Hono } from 'hono'
import { z } from 'zod'
import { blockPrefix, getBlock, putBlocks, removeBlocks, statBlock } from '../../src/blocks/index.ts'
import { parseCidPath } from '../../src/cid.ts'
import { announce } from '../../src/content/announce.ts'
import { resolveBlockPath } from '../../src/dag/index.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { multipartFiles } from '../multipart.ts'
import { args, requiredArg } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { CairnNode } from '../../src/node.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { CID } from 'multiformats/cid'

const putQuery = z.object({
  'cid-codec': z.string().optional(),
  format: z.string().optional(),
  f: z.string().optional(),
  mhtype: z.string().optional(),
  mhlen: z.coerce.number().int().optional(),
  pin: kuboBool.optional(),
  'allow-big-block': kuboBool.optional()
})

const rmQuery = z.object({
  force: kuboBool.optional(),
  f: kuboBool.optional(),
  quiet: kuboBool.optional(),
  q: kuboBool.optional()
})

/** `POST /api/v0/block/*`: raw blocks, as Kubo's `block put/get/stat/rm`. */
export function blockRoutes ({ node }: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/put', kuboQuery(putQuery), async (c) => {
      const q = c.req.valid('query')
      const prefix = blockPrefix({
        cidCodec: q['cid-codec'],
        format: q.format ?? q.f,
        mhtype: q.mhtype,
        mhlen: q.mhlen,
        pin: q.pin,
        allowBigBlock: q['allow-big-block']
      })
      const signal = commandSignal(c)
      const parts = multipartFiles(c, signal)
      const blocks = putBlocks(node, parts, prefix, { maxParts: node.config.maxParts, signal })
      return ndjson(c, (async function * () {
        for await (const { cid, size } of blocks) {
          announce(node, cid)
          yield { Key: cid.toString(), Size: size }
        }
      })())
    })
    .post('/get', async (c) => {
      const signal = commandSignal(c)
      const cid = await blockArg(node, requiredArg(c, 'cid'), signal)
      const bytes = await getBlock(node.helia, cid, { idleTimeoutMs: node.config.fetchTimeoutMs, signal })
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/octet-stream',
        'X-Stream-Output': '1'
      })
    })
    .post('/stat', async (c) => {
      const signal = commandSignal(c)
      const cid = await blockArg(node, requiredArg(c, 'cid'), signal)
      const stat = await statBlock(node.helia, cid, { idleTimeoutMs: node.config.fetchTimeoutMs, signal })
      return c.json({ Key: stat.cid.toString(), Size: stat.size })
    })
    .post('/rm', kuboQuery(rmQuery), async (c) => {
      const q = c.req.valid('query')
      const cids = args(c).map(blockCid)
      if (cids.length === 0) {
        throw new InvalidArgumentError('argument "cid" is required')
      }
      const removed = removeBlocks(node.helia, cids, { force: q.force ?? q.f, quiet: q.quiet ?? q.q, signal: commandSignal(c) })
      return ndjson(c, (async function * () {
        for await (const { cid, error } of removed) {
          yield { Hash: cid.toString(), Error: error }
        }
      })())
    })
}

/** `block rm` takes CIDs only: a path would remove a block the caller did not name. */
function blockCid (arg: string): CID {
  const { cid, path } = parseCidPath(arg)
  if (path !== '') {
    throw new InvalidArgumentError(`"${arg}" is a path; block rm takes CIDs`)
  }
  return cid
}

/** Kubo takes a CID or a path to a block, resolved through the DAG. */
async function blockArg (node: CairnNode, arg: string, signal: AbortSignal): Promise<CID> {
  const { cid, path } = parseCidPath(arg)
  return resolveBlockPath(node.helia, cid, path, { idleTimeoutMs: node.config.fetchTimeoutMs, signal })
}
