import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import { getBlock } from '../blocks/get.ts'
import { IdleDeadline } from '../deadline.ts'
import { resolveUnixfsPath } from '../content/unixfs-path.ts'
import { ContentNotFoundError, InvalidArgumentError } from '../errors.ts'
import { dagCodecByCode, decodeWith } from './codecs.ts'
import type { GetBlockOptions } from '../blocks/get.ts'
import type { Helia } from '@helia/interface'

export interface ResolvedPath {
  /** The block the path ends in. */
  cid: CID
  /** The value the path names: the block's whole node, or a value inside it. */
  value: unknown
  /** The part of the path inside that block; '' when the path names the block itself. */
  remainder: string
}

/**
 * Follows an IPLD path from `root` as Kubo's resolver does: through map keys
 * and list indexes, into the next block at every link (a link at the end of
 * the path is followed too), and through dag-pb nodes by link name. Blocks
 * this node lacks are fetched, bounded by the idle timeout.
 */
export async function resolveDagPath (helia: Pick<Helia, 'blockstore'>, root: CID, path: string, options: GetBlockOptions): Promise<ResolvedPath> {
  const load = async (cid: CID): Promise<unknown> => {
    const what = `block ${cid.toString()}`
    return decodeWith(dagCodecByCode(cid.code, what), await getBlock(helia, cid, options), what)
  }
  let cid = root
  let value = await load(root)
  let inside: string[] = []
  for (const segment of path.split('/').filter(s => s !== '')) {
    if (inside.length === 0 && cid.code === dagPb.code) {
      const link = (value as dagPb.PBNode).Links.find(l => l.Name === segment)
      if (link != null) {
        cid = link.Hash
        value = await load(cid)
        continue
      }
    }
    const next = child(value, segment)
    if (next === undefined) {
      const where = inside.length === 0 ? cid.toString() : `${cid.toString()}/${inside.join('/')}`
      throw new ContentNotFoundError(`no link named "${segment}" under ${where}`)
    }
    const link = CID.asCID(next)
    if (link != null) {
      cid = link
      value = await load(link)
      inside = []
    } else {
      value = next
      inside.push(segment)
    }
  }
  return { cid, value, remainder: inside.join('/') }
}

function child (value: unknown, segment: string): unknown {
  if (Array.isArray(value)) {
    return /^(0|[1-9]\d*)$/.test(segment) ? value[Number(segment)] : undefined
  }
  if (value == null || typeof value !== 'object' || value instanceof Uint8Array || CID.asCID(value) != null) {
    return undefined
  }
  return Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined
}

/**
 * The block a `<cid>[/path]` argument names (`block get`, `dag export`). A
 * path that ends inside a block, at a value rather than a link, names no
 * block.
 */
export async function resolveBlockPath (helia: Pick<Helia, 'blockstore'>, root: CID, path: string, options: GetBlockOptions): Promise<CID> {
  if (path === '') {
    return root
  }
  const resolved = await resolveDagPath(helia, root, path, options)
  if (resolved.remainder !== '') {
    throw new InvalidArgumentError(`${root.toString()}/${path} names a value inside block ${resolved.cid.toString()}, not a block`)
  }
  return resolved.cid
}

/**
 * Kubo's ResolvePath for `/ipfs/<cid>/path`: the last block the path
 * reaches, and what is left of the path inside that block (empty when the
 * path ends at a block). UnixFS directories are followed by name, sharded
 * ones included; other nodes through their IPLD paths.
 */
export async function resolveContentPath (helia: Pick<Helia, 'blockstore'>, root: CID, path: string, options: GetBlockOptions): Promise<{ cid: CID, remainder: string }> {
  if (path.split('/').every(segment => segment === '')) {
    return { cid: root, remainder: '' }
  }
  if (root.code !== dagPb.code) {
    const resolved = await resolveDagPath(helia, root, path, options)
    return { cid: resolved.cid, remainder: resolved.remainder }
  }
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  try {
    return { cid: await resolveUnixfsPath(helia.blockstore, root, path, { signal: deadline.signal }), remainder: '' }
  } catch (err) {
    throw deadline.explain(err, `${root.toString()}/${path}`)
  } finally {
    deadline.clear()
  }
}
