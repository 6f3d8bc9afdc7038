import type { Row } from './row.ts'

const HEADER = ['bench', 'measured', 'compared with (same run)', 'ratio', 'target', 'met']

/** Rows as a Markdown table, columns padded so the text reads as a table too. */
export function table (rows: Row[]): string {
  const cells = rows.map(r => [r.bench, r.measured, r.compared, r.ratio, r.target, r.met == null ? '—' : r.met ? 'yes' : 'NO'])
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map(c => c[i]?.length ?? 0)))
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(HEADER), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}
