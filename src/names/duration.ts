import { InvalidArgumentError } from '../errors.ts'

/** Milliseconds per unit of Go's `time.ParseDuration`. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000
}

// longer units first, so that "ms" is not read as "m" followed by "s"
const COMPONENT = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y

/**
 * Parses a duration as Kubo's flags take it (Go's `time.ParseDuration`):
 * `48h`, `1m30s`, `1.5h`, `300ms`, or a bare `0`. Returns milliseconds.
 * `what` names the parameter in the error.
 */
export function parseGoDuration (input: string, what = 'duration'): number {
  const invalid = new InvalidArgumentError(`invalid ${what} "${input}": expected a Go duration such as 48h, 1m30s or 300ms`)
  let rest = input
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1
    rest = rest.slice(1)
  }
  if (rest === '0') {
    return 0
  }
  if (rest === '') {
    throw invalid
  }

  let total = 0
  COMPONENT.lastIndex = 0
  while (COMPONENT.lastIndex < rest.length) {
    const match = COMPONENT.exec(rest)
    if (match == null) {
      throw invalid
    }
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN)
  }
  if (!Number.isFinite(total)) {
    throw invalid
  }
  return sign * total
}
