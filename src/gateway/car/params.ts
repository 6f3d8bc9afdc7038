import { createHash } from 'node:crypto'
import { base32 } from 'multiformats/bases/base32'
import { InvalidArgumentError } from '../../errors.ts'
import type { CID } from 'multiformats/cid'

/** How much of the DAG at the end of the path the CAR carries (trustless gateway spec, `dag-scope`). */
export type DagScope = 'all' | 'entity' | 'block'

/** `entity-bytes=from:to` as asked: offsets may count from the end (negative), `to` may be `*`. */
export interface EntityBytes {
  from: number
  to: number | '*'
}

export interface CarParams {
  scope: DagScope
  entityBytes?: EntityBytes
  /** Blocks seen twice in the walk are sent twice (`dups=y`). */
  dups: boolean
}

/** The URL parameters of a CAR request, each optional. */
export interface CarQuery {
  dagScope?: string
  entityBytes?: string
  carVersion?: string
  carOrder?: string
  carDups?: string
}

const CAR_MEDIA_TYPE = 'application/vnd.ipld.car'

/**
 * Reads a CAR request: `dag-scope` and `entity-bytes` from the URL; version,
 * order and dups from the URL's `car-*` parameters, else from the preferred
 * CAR media type in `Accept` (highest q, then first) that Cairn can honour. Cairn always
 * writes CARv1 in depth-first order (`order=unk` accepts that), without
 * duplicates unless `dups=y` is asked.
 */
export function parseCarParams (query: CarQuery, accept: string | undefined): CarParams {
  const asked = acceptedCarParams(accept)
  const version = query.carVersion ?? asked.version
  const order = query.carOrder ?? asked.order
  const dups = query.carDups ?? asked.dups
  if (version != null && version !== '1') {
    throw new InvalidArgumentError(`unsupported CAR version ${version}: only version 1 is served`)
  }
  if (order != null && order !== 'dfs' && order !== 'unk' && order !== '') {
    throw new InvalidArgumentError(`unsupported CAR order "${order}": dfs or unk`)
  }
  if (dups != null && dups !== 'y' && dups !== 'n') {
    throw new InvalidArgumentError(`invalid CAR dups "${dups}": y or n`)
  }
  const scope = parseScope(query.dagScope)
  const entityBytes = query.entityBytes == null ? undefined : parseEntityBytes(query.entityBytes)
  return {
    // entity-bytes only means anything for one entity, so it implies that scope
    scope: entityBytes == null ? scope : 'entity',
    entityBytes,
    dups: dups === 'y'
  }
}

/** The response's media type with every parameter the spec asks a gateway to state. */
export function carContentType (params: CarParams): string {
  return `${CAR_MEDIA_TYPE}; version=1; order=dfs; dups=${params.dups ? 'y' : 'n'}`
}

/**
 * The Etag of the CAR of `root/path` with these parameters: weak, as the
 * spec allows for CARs, and different for every scope, range and dups, so a
 * cache never answers one variant with another.
 */
export function carEtag (root: CID, path: string, params: CarParams): string {
  const range = params.entityBytes == null ? '' : `${params.entityBytes.from}:${params.entityBytes.to}`
  const variant = `${root.toString()}/${path};${params.scope};${range};dfs;${params.dups ? 'y' : 'n'}`
  const digest = base32.baseEncode(createHash('sha256').update(variant).digest()).slice(0, 16)
  return `W/"${root.toString()}.car.${digest}"`
}

function parseScope (input: string | undefined): DagScope {
  if (input == null || input === '') {
    return 'all'
  }
  if (input === 'all' || input === 'entity' || input === 'block') {
    return input
  }
  throw new InvalidArgumentError(`invalid dag-scope "${input}": block, entity or all`)
}

function parseEntityBytes (input: string): EntityBytes {
  const match = /^(-?\d+):(-?\d+|\*)$/.exec(input)
  if (match == null) {
    throw new InvalidArgumentError(`invalid entity-bytes "${input}": expected from:to, e.g. 0:1023, 512:*, -1024:*`)
  }
  const from = Number(match[1])
  const to = match[2] === '*' ? '*' : Number(match[2])
  if (!Number.isSafeInteger(from) || (to !== '*' && !Number.isSafeInteger(to))) {
    throw new InvalidArgumentError(`invalid entity-bytes "${input}": offsets out of range`)
  }
  if (to !== '*' && from >= 0 && to >= 0 && from > to) {
    throw new InvalidArgumentError(`invalid entity-bytes "${input}": from is after to`)
  }
  return { from, to }
}

interface AskedCarParams {
  version?: string
  order?: string
  dups?: string
}

/**
 * The parameters of the preferred CAR media type in `Accept` (highest q,
 * then first) among those Cairn can serve; none when no entry is a CAR.
 */
function acceptedCarParams (accept: string | undefined): AskedCarParams {
  const cars = (accept ?? '').split(',')
    .map(range => range.split(';').map(part => part.trim()))
    .filter(([type]) => type?.toLowerCase() === CAR_MEDIA_TYPE)
    .map(([, ...parts]) => Object.fromEntries(parts.map(part => {
      const [name = '', value = ''] = part.split('=', 2)
      return [name.trim().toLowerCase(), value.trim().replace(/^"(.*)"$/, '$1')]
    })) as Record<string, string | undefined>)
    .map((params, index) => ({ params, index, q: Number(params.q ?? '1') }))
    .filter(({ q }) => q > 0)
    .toSorted((a, b) => b.q - a.q || a.index - b.index)
  const servable = cars.find(({ params }) =>
    (params.version ?? '1') === '1' && ['dfs', 'unk', ''].includes(params.order ?? '') && ['y', 'n', ''].includes(params.dups ?? ''))
  const chosen = servable ?? cars[0]
  if (chosen == null) {
    return {}
  }
  const { version, order, dups } = chosen.params
  return { version, order, dups: dups === '' ? undefined : dups }
}
