import type { CliContext } from './context.ts'

/** A command's result: one JSON object with `--json` (for scripts and CI), readable lines otherwise. */
export function emit (ctx: CliContext, json: boolean | undefined, value: unknown, human: () => string | string[]): void {
  if (json === true) {
    ctx.stdout.write(JSON.stringify(value, null, 2) + '\n')
    return
  }
  const text = human()
  const lines = Array.isArray(text) ? text : [text]
  if (lines.length > 0) {
    ctx.stdout.write(lines.join('\n') + '\n')
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** 1536 -> "1.5 KiB". */
export function formatBytes (bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`
}

/** Lines of `label  value` with the values aligned. */
export function table (rows: Array<[string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`)
}

/** "1 file", "3 files". */
export function count (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
