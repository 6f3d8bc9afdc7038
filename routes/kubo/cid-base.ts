import { bases } from 'multiformats/basics'
import { InvalidArgumentError } from '../../src/errors.ts'
import type { CID } from 'multiformats/cid'
import type { MultibaseEncoder } from 'multiformats/bases/interface'

type CidEncoder = (cid: CID) => string

const BASES = Object.values(bases)

/**
 * How Kubo writes CIDs in an answer (cmdenv's cid encoders): with
 * `cid-base`, in that base, CIDv0 made CIDv1 unless the base is base58btc;
 * without it, in the base of the CID the request named (a CIDv1 one makes
 * CIDv0s CIDv1 too), or as CIDs print by default.
 */
export function cidEncoder (cidBase: string | undefined, requestPath?: string): CidEncoder {
  if (cidBase != null && cidBase !== '') {
    const base = BASES.find(b => b.name === cidBase)
    if (base == null) {
      throw new InvalidArgumentError(`invalid argument "cid-base": unknown multibase "${cidBase}"`)
    }
    return encodeIn(base.encoder, base.name !== 'base58btc')
  }
  const named = requestPath == null || requestPath.startsWith('/ipns/') ? undefined : firstCidLike(requestPath)
  if (named == null || /^Qm/.test(named)) {
    return cid => cid.toString()
  }
  const base = BASES.find(b => b.prefix === named[0])
  return base == null ? cid => cid.toString() : encodeIn(base.encoder, true)
}

function encodeIn (encoder: MultibaseEncoder<string>, upgrade: boolean): CidEncoder {
  return (cid) => {
    const out = upgrade ? cid.toV1() : cid
    return out.version === 0 ? out.toString() : out.toString(encoder)
  }
}

/** The CID-like component of `Qm…`, `Qm…/…` or `/<namespace>/<cid>/…`. */
function firstCidLike (path: string): string | undefined {
  const parts = path.split('/')
  return path.startsWith('/') ? parts[2] : parts[0]
}
