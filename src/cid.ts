import { CID } from 'multiformats/cid'
import { InvalidArgumentError } from './errors.ts'

/**
 * Parses a CID as users type it: bare, or as an `/ipfs/<cid>` path (Kubo
 * accepts both). Anything after the CID is returned as the path.
 */
export function parseCidPath (input: string | undefined): { cid: CID, path: string } {
  if (input == null || input === '') {
    throw new InvalidArgumentError('argument "ipfs-path" is required')
  }
  const segments = input.replace(/^\/ipfs\//, '').split('/')
  const [first, ...rest] = segments
  if (rest.some(segment => segment === '.' || segment === '..')) {
    // refused before anything is fetched: a dot segment names nothing inside a DAG
    throw new InvalidArgumentError(`invalid path "${input}": "." and ".." segments are not allowed`)
  }
  try {
    return { cid: CID.parse(first ?? ''), path: rest.join('/') }
  } catch (err) {
    // Kubo's wording (boxo's path.NewPath), which scripts match on
    throw new InvalidArgumentError(`invalid path "${input}": invalid cid "${first}": ${(err as Error).message}`)
  }
}
