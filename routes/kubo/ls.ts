import { Hono } from 'hono'
import { z } from 'zod'
import { parseCidPath } from '../../src/cid.ts'
import { listDirectory } from '../../src/content/ls.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { args } from './args.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { ListedLink } from '../../src/content/ls.ts'
import type { AppEnv, RouteDeps } from '../env.ts'

const query = z.object({
  stream: kuboBool.optional(),
  s: kuboBool.optional(),
  size: kuboBool.optional()
})

/** `POST /api/v0/ls?arg=<path>…`: directory entries in Kubo's `{Objects:[{Hash,Links}]}` shape. */
export function lsRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const q = c.req.valid('query')
    const paths = args(c)
    if (paths.length === 0) {
      throw new InvalidArgumentError('argument "ipfs-path" is required')
    }
    const withSize = q.size ?? true
    const options = { idleTimeoutMs: node.config.fetchTimeoutMs, signal: commandSignal(c) }

    if (q.stream ?? q.s ?? false) {
      return ndjson(c, (async function * () {
        for (const arg of paths) {
          const { cid, path } = parseCidPath(arg)
          for await (const link of listDirectory(node.helia.blockstore, cid, path, options)) {
            yield { Objects: [{ Hash: arg, Links: [kuboLink(link, withSize)] }] }
          }
        }
      })())
    }

    const objects = []
    for (const arg of paths) {
      const { cid, path } = parseCidPath(arg)
      const links = await Array.fromAsync(listDirectory(node.helia.blockstore, cid, path, options))
      objects.push({ Hash: arg, Links: links.map(link => kuboLink(link, withSize)) })
    }
    return c.json({ Objects: objects })
  })
}

/** Kubo's LsLink; `Mode` and `ModTime` are Go's os.FileMode and time.Time, zero when the entry stores none. */
function kuboLink (link: ListedLink, withSize: boolean): Record<string, string | number> {
  return {
    Name: link.name,
    Hash: link.cid.toString(),
    Size: withSize ? Number(link.size) : 0,
    Type: link.type,
    Target: link.target ?? '',
    Mode: link.mode == null ? 0 : goFileMode(link.mode),
    ModTime: link.mtime == null ? GO_ZERO_TIME : goTime(link.mtime.secs, link.mtime.nsecs ?? 0)
  }
}

const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

/** Unix permission bits as Go's os.FileMode: setuid, setgid and sticky move to Go's own bits. */
function goFileMode (mode: number): number {
  let goMode = mode & 0o777
  if ((mode & 0o4000) !== 0) goMode += 2 ** 23
  if ((mode & 0o2000) !== 0) goMode += 2 ** 22
  if ((mode & 0o1000) !== 0) goMode += 2 ** 20
  return goMode
}

/** A time as Go's JSON writes it (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC. */
function goTime (secs: bigint, nsecs: number): string {
  const seconds = new Date(Number(secs) * 1000).toISOString().replace(/\.000Z$/, '')
  const fraction = nsecs === 0 ? '' : '.' + String(nsecs).padStart(9, '0').replace(/0+$/, '')
  return `${seconds}${fraction}Z`
}
