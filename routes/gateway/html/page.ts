import { createHash } from 'node:crypto'
import { CAIRN_VERSION } from '../../../src/version.ts'

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/**
 * A short, stable hash of the code that renders a kind of page, for the
 * `DirIndex-…`/`DagIndex-…` Etags: caches drop generated pages when Cairn's
 * version or the template changes, as the path gateway spec asks.
 */
export function templateHash (...templates: Array<(...args: never[]) => unknown>): string {
  const hash = createHash('sha256').update(CAIRN_VERSION)
  for (const template of [page, ...templates]) {
    hash.update(template.toString())
  }
  return hash.digest('hex').slice(0, 12).toUpperCase()
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d232b; --muted: #5f6b7a; --line: #e3e7ec; --accent: #0b7285; --bg: #fff; --row: #f6f8fa }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa5b1; --line: #2c333b; --accent: #66d9e8; --bg: #14181d; --row: #1b2026 } }
* { box-sizing: border-box }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg) }
header.bar { padding: .7rem 1.5rem; border-bottom: 1px solid var(--line); font-weight: 600; letter-spacing: .02em }
header.bar span { color: var(--muted); font-weight: 400 }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem }
h1 { font-size: 1.15rem; font-weight: 600; word-break: break-all; margin: 0 0 .4rem }
a { color: var(--accent); text-decoration: none }
a:hover { text-decoration: underline }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 1.2rem; word-break: break-all }
.meta a { margin-left: .6rem }
table { width: 100%; border-collapse: collapse; table-layout: fixed }
th { text-align: left; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); padding: .4rem .6rem; border-bottom: 1px solid var(--line) }
td { padding: .45rem .6rem; border-bottom: 1px solid var(--line); overflow: hidden; text-overflow: ellipsis; white-space: nowrap }
tr:hover td { background: var(--row) }
th.size, td.size { width: 7rem; text-align: right }
th.cid, td.cid { width: 38%; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem }
td.name .icon { display: inline-block; width: 1.6rem; color: var(--muted); vertical-align: -2px }
tr.directory td.name .icon { color: var(--accent) }
pre { background: var(--row); padding: 1rem; border-radius: 6px; overflow: auto; font-size: .85rem }
.empty { color: var(--muted); padding: 1rem .6rem }
`

/** The frame every generated page shares: a title, a bar, and the content. */
export function page (title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="bar">Cairn <span>IPFS gateway</span></header>
<main>
${body}
</main>
</body>
</html>
`
}
