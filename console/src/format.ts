const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function formatBytes (bytes: number | null | undefined): string {
  if (bytes == null) {
    return '—'
  }
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`
}

export function formatDuration (ms: number): string {
  const s = Math.floor(ms / 1000)
  const parts = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'm'], [s % 60, 's']] as const
  const shown = parts.filter(([n]) => n > 0).slice(0, 2)
  return shown.length === 0 ? '0s' : shown.map(([n, u]) => `${n}${u}`).join(' ')
}

export function formatTime (iso: string | null | undefined): string {
  return iso == null ? '—' : new Date(iso).toLocaleString()
}

/** Shortens a CID or peer ID for a table cell; the full value stays in the title. */
export function short (value: string): string {
  return value.length > 20 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value
}
