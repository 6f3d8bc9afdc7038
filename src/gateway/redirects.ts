import { MAX_REDIRECTS_FILE_BYTES } from '../constants.ts'
import { RedirectsFileError } from '../errors.ts'

/** Statuses a `_redirects` rule may name (web redirects file spec). */
const ALLOWED_STATUSES = new Set([200, 301, 302, 303, 307, 308, 404, 410, 451])

export interface RedirectRule {
  /** Path pattern: `/a/:name/b`, or ending in `/*` for the rest (`:splat`). */
  from: string
  /** Path or URL, with `:name` and `:splat` placeholders. */
  to: string
  status: number
}

export interface RedirectMatch {
  /** `to` with the placeholders filled in. */
  to: string
  status: number
}

/**
 * Parses a `_redirects` file: one `from to [status]` rule a line, `#`
 * comments, LF or CRLF endings, at most 64 KiB. Anything else is refused with
 * a message for the site's author (the gateway shows it with a 500).
 */
export function parseRedirects (bytes: Uint8Array): RedirectRule[] {
  if (bytes.byteLength > MAX_REDIRECTS_FILE_BYTES) {
    throw new RedirectsFileError(`could not parse _redirects: redirects file size cannot exceed ${MAX_REDIRECTS_FILE_BYTES} bytes`)
  }
  const rules: RedirectRule[] = []
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) {
      continue
    }
    rules.push(parseRule(line, index + 1))
  }
  return rules
}

function parseRule (line: string, number: number): RedirectRule {
  const fail = (why: string): RedirectsFileError => new RedirectsFileError(`could not parse _redirects: line ${number}: ${why}`)
  const fields = line.split(/\s+/)
  if (fields.length < 2) {
    throw fail('missing "to" path')
  }
  if (fields.length > 3) {
    throw fail('too many fields')
  }
  const [from = '', to = '', code] = fields
  if (!from.startsWith('/')) {
    throw fail(`"from" path must begin with /: ${from}`)
  }
  if (!to.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(to)) {
    throw fail(`"to" must be a path beginning with / or a URL: ${to}`)
  }
  let status = 301
  if (code != null) {
    if (code.endsWith('!')) {
      throw fail('forced redirects (or "shadowing") are not supported')
    }
    status = Number(code)
    if (!Number.isInteger(status) || !ALLOWED_STATUSES.has(status)) {
      throw fail(`unsupported redirect status: ${code}`)
    }
  }
  return { from, to, status }
}

/**
 * The first rule matching `path` (origin-relative, decoded, no query), with
 * its placeholders filled in; undefined when none matches. `:name` matches one
 * segment; a trailing `*` matches the rest of the path, empty included.
 */
export function matchRedirect (rules: RedirectRule[], path: string): RedirectMatch | undefined {
  const segments = split(path)
  for (const rule of rules) {
    const values = matchSegments(split(rule.from), segments)
    if (values != null) {
      return { to: fill(rule.to, values), status: rule.status }
    }
  }
  return undefined
}

function split (path: string): string[] {
  return path.split('/').filter(segment => segment !== '')
}

function matchSegments (pattern: string[], segments: string[]): Map<string, string> | undefined {
  const values = new Map<string, string>()
  for (const [i, part] of pattern.entries()) {
    if (part === '*' && i === pattern.length - 1) {
      values.set('splat', segments.slice(i).join('/'))
      return values
    }
    const segment = segments[i]
    if (segment == null) {
      return undefined
    }
    if (part.startsWith(':') && part.length > 1) {
      values.set(part.slice(1), segment)
    } else if (part !== segment) {
      return undefined
    }
  }
  return pattern.length === segments.length ? values : undefined
}

function fill (to: string, values: Map<string, string>): string {
  return to.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    const value = values.get(name)
    return value == null ? whole : value.split('/').map(encodeURIComponent).join('/')
  })
}
