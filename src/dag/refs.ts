import { InvalidArgumentError } from '../errors.ts'
import { walkDag } from './walk.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface RefsOptions {
  /** Follow links below the root's own. @default false */
  recursive?: boolean
  /** Each ref once. @default false */
  unique?: boolean
  /** With `recursive`: how deep to go, -1 for no limit. @default -1 */
  maxDepth?: number
  /** Kubo's format, with `<src>`, `<dst>` and `<linkname>` tokens. @default '<dst>' */
  format?: string
  /** `<src> -> <dst>`; cannot be combined with a format. */
  edges?: boolean
  /** How CIDs are written (Kubo's `cid-base`). @default cid.toString() */
  encode?: (cid: CID) => string
  /** Fail when no block has arrived for this long. */
  idleTimeoutMs: number
  signal?: AbortSignal
}

const DEFAULT_FORMAT = '<dst>'

/** Checks the flags before anything is walked; returns the line format. */
export function refsFormat (options: Pick<RefsOptions, 'format' | 'edges'>): string {
  const format = options.format ?? DEFAULT_FORMAT
  if (options.edges === true) {
    if (format !== DEFAULT_FORMAT) {
      throw new InvalidArgumentError('using format argument with edges is not allowed')
    }
    return '<src> -> <dst>'
  }
  return format
}

/**
 * Kubo's `refs`: one line per link below `root`, depth-first in link order,
 * written with the format. Without `recursive` only the root's own links;
 * without `unique` a block reached by two links is listed (and walked) twice.
 * Every listed block is read, as Kubo does, so a missing one fails the walk.
 */
export async function * refs (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: RefsOptions): AsyncGenerator<string> {
  const format = refsFormat(options)
  const maxDepth = options.recursive === true ? (options.maxDepth ?? -1) : 1
  const walk = walkDag(helia, root, {
    missing: 'fetch',
    idleTimeoutMs: options.idleTimeoutMs,
    unique: options.unique === true,
    maxDepth: maxDepth < 0 ? Infinity : maxDepth,
    signal: options.signal
  })
  const encode = options.encode ?? ((cid: CID) => cid.toString())
  for await (const block of walk) {
    if (block.parent == null || block.again) {
      continue
    }
    yield format
      .replaceAll('<src>', encode(block.parent))
      .replaceAll('<dst>', encode(block.cid))
      .replaceAll('<linkname>', block.name)
  }
}
