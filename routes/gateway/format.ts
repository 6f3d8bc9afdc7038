import { InvalidArgumentError, NotAcceptableError } from '../../src/errors.ts'

/** Response formats a request can ask for explicitly (`?format=` or `Accept`). */
export type ResponseFormat = 'raw' | 'car' | 'tar' | 'dag-json' | 'dag-cbor' | 'json' | 'cbor' | 'ipns-record'

/** The media type of each format, as `Accept` names it. */
export const FORMAT_MEDIA_TYPES: Record<ResponseFormat, string> = {
  raw: 'application/vnd.ipld.raw',
  car: 'application/vnd.ipld.car',
  tar: 'application/x-tar',
  'dag-json': 'application/vnd.ipld.dag-json',
  'dag-cbor': 'application/vnd.ipld.dag-cbor',
  json: 'application/json',
  cbor: 'application/cbor',
  'ipns-record': 'application/vnd.ipfs.ipns-record'
}

const FORMAT_OF_MEDIA_TYPE = new Map(Object.entries(FORMAT_MEDIA_TYPES).map(([format, type]) => [type, format as ResponseFormat]))

export interface Negotiated {
  /** Undefined: no explicit format, the content decides (UnixFS deserialised, codecs as they are). */
  format?: ResponseFormat
  /** True when `Accept` chose the format and `?format=` was absent (answers add `Content-Location`). */
  fromAccept: boolean
  /** True when `Accept` lists `text/html` (browsers): DAG-JSON/DAG-CBOR get an HTML view. */
  acceptsHtml: boolean
}

/**
 * The response format: `?format=` wins over `Accept`, as the path gateway spec
 * says. `Accept` is read in order of preference (q, then position); the first
 * media type the gateway knows decides. An unknown `?format=` is a bad request;
 * an `Accept` that names only IPLD/IPFS types the gateway does not produce is
 * not acceptable.
 */
export function negotiateFormat (formatParam: string | undefined, accept: string | undefined): Negotiated {
  const ranges = parseAccept(accept ?? '')
  const acceptsHtml = ranges.some(range => range.type === 'text/html')
  if (formatParam != null && formatParam !== '') {
    if (!(formatParam in FORMAT_MEDIA_TYPES)) {
      throw new InvalidArgumentError(`unsupported format "${formatParam}": use one of ${Object.keys(FORMAT_MEDIA_TYPES).join(', ')}`)
    }
    return { format: formatParam as ResponseFormat, fromAccept: false, acceptsHtml }
  }
  const unknownIpld: string[] = []
  for (const { type } of ranges) {
    const format = FORMAT_OF_MEDIA_TYPE.get(type)
    if (format != null) {
      return { format, fromAccept: true, acceptsHtml }
    }
    if (type.startsWith('application/vnd.ipld.') || type.startsWith('application/vnd.ipfs.')) {
      unknownIpld.push(type)
    }
  }
  if (unknownIpld.length > 0 && unknownIpld.length === ranges.length) {
    throw new NotAcceptableError(`none of ${unknownIpld.join(', ')} is a format this gateway produces`)
  }
  return { fromAccept: false, acceptsHtml }
}

interface MediaRange {
  type: string
  q: number
}

function parseAccept (accept: string): MediaRange[] {
  return accept.split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.split(';').map(s => s.trim())
      const q = params.find(p => p.toLowerCase().startsWith('q='))
      return { type: type.toLowerCase(), q: q == null ? 1 : Number(q.slice(2)) || 0, index }
    })
    .filter(range => range.type !== '' && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
}
