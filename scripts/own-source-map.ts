/**
 * Cuts a bundle's source map down to Cairn's own sources (src/, routes/).
 * Node, with --enable-source-maps, decodes a whole map the first time any
 * stack trace is made: the full map of the service bundle (3.6 MB, mostly
 * node_modules) took about 100 MiB of RSS and a second of start-up, since
 * libraries build stack traces while the service starts. Frames in
 * libraries keep their bundle positions.
 */

interface SourceMapV3 {
  version: 3
  sources: string[]
  names?: string[]
  mappings: string
  sourcesContent?: (string | null)[]
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]))

function decodeSegment (text: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const char of text) {
    const digit = DIGIT.get(char)
    if (digit === undefined) {
      throw new Error(`not a source map segment: ${text}`)
    }
    value += (digit & 31) * 2 ** shift
    shift += 5
    if ((digit & 32) === 0) {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2)
      value = 0
      shift = 0
    }
  }
  return values
}

function encodeValue (value: number): string {
  let rest = value < 0 ? -value * 2 + 1 : value * 2
  let text = ''
  do {
    const digit = rest % 32
    rest = Math.floor(rest / 32)
    text += BASE64[rest > 0 ? digit | 32 : digit]
  } while (rest > 0)
  return text
}

/** The map with only the mappings into sources that `keep` accepts; names are dropped. */
export function ownSourceMap (map: SourceMapV3, keep: (source: string) => boolean): SourceMapV3 {
  const kept = new Map<number, number>()
  const sources: string[] = []
  map.sources.forEach((source, i) => {
    if (keep(source)) {
      kept.set(i, sources.length)
      sources.push(source)
    }
  })
  // absolute positions in the input, carried across lines and segments as the format's deltas are
  let source = 0
  let line = 0
  let column = 0
  // the last values written, which the output's deltas start from
  let outSource = 0
  let outLine = 0
  let outColumn = 0
  const lines = map.mappings.split(';').map(text => {
    let generated = 0
    let outGenerated = 0
    // after a kept segment, a dropped one ends its span (a one-field segment: "unmapped from here")
    let mapped = false
    const segments: string[] = []
    for (const segment of text.split(',')) {
      if (segment === '') {
        continue
      }
      const [g = 0, s, l, c] = decodeSegment(segment)
      generated += g
      if (s === undefined || l === undefined || c === undefined) {
        continue
      }
      source += s
      line += l
      column += c
      const to = kept.get(source)
      if (to === undefined) {
        if (mapped) {
          segments.push(encodeValue(generated - outGenerated))
          outGenerated = generated
          mapped = false
        }
        continue
      }
      mapped = true
      segments.push([generated - outGenerated, to - outSource, line - outLine, column - outColumn].map(encodeValue).join(''))
      outGenerated = generated
      outSource = to
      outLine = line
      outColumn = column
    }
    return segments.join(',')
  })
  return { version: 3, sources, names: [], mappings: lines.join(';') }
}
