import { bases } from 'multiformats/basics'
import { CID } from 'multiformats/cid'
import { InvalidArgumentError } from '../errors.ts'

/**
 * A CID as it appears in a gateway URL: v0, or v1 in any multibase
 * multiformats knows (base32, base36 as in subdomains, base58btc…).
 */
export function parseGatewayCid (text: string, contentPath?: string): CID {
  try {
    const base = Object.values(bases).find(codec => codec.prefix === text[0])
    return CID.parse(text, base?.decoder)
  } catch (err) {
    // boxo words it this way, and the conformance suite looks for it
    const where = contentPath == null ? '' : `invalid path "${contentPath}": `
    throw new InvalidArgumentError(`${where}invalid CID "${text}": ${(err as Error).message}`)
  }
}
