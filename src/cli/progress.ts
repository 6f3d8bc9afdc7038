import cliProgress from 'cli-progress'
import { PROGRESS_LINE_INTERVAL_MS } from './constants.ts'
import { count, formatBytes } from './output.ts'
import type { CliContext } from './context.ts'

export interface UploadTotals {
  bytes: number
  files: number
}

export interface UploadProgress {
  bytes(n: number): void
  file(): void
  /** The upload is over, successfully or not; the figures so far. */
  stop(): { bytes: number, files: number, ms: number }
}

/**
 * Progress of an upload on stderr: a bar (bytes, files, rate, ETA) on a
 * terminal, otherwise a plain line now and then, as CI logs want. Without
 * totals (standard input) only the figures are kept.
 */
export function uploadProgress (ctx: CliContext, totals: UploadTotals | null): UploadProgress {
  const started = performance.now()
  const done = { bytes: 0, files: 0 }
  const rate = (): string => `${formatBytes(done.bytes / Math.max((performance.now() - started) / 1000, 0.001))}/s`
  const figures = () => ({ ...done, ms: Math.round(performance.now() - started) })

  if (totals == null) {
    return {
      bytes (n) { done.bytes += n },
      file () { done.files++ },
      stop: figures
    }
  }

  if (ctx.stderr.isTTY === true) {
    const bar = new cliProgress.SingleBar({
      stream: ctx.stderr,
      // fits 80 columns: linewrap cuts what does not
      format: '[{bar}] {percentage}% {doneBytes}/{totalBytes} {doneFiles}/{totalFiles} files {rate} ETA {eta_formatted}',
      hideCursor: true,
      barsize: 16,
      emptyOnZero: true,
      linewrap: true
    }, cliProgress.Presets.shades_classic)
    const payload = () => ({
      doneBytes: formatBytes(done.bytes),
      totalBytes: formatBytes(totals.bytes),
      doneFiles: done.files,
      totalFiles: totals.files,
      rate: rate()
    })
    bar.start(totals.bytes, 0, payload())
    return {
      bytes (n) { done.bytes += n; bar.update(done.bytes, payload()) },
      file () { done.files++; bar.update(done.bytes, payload()) },
      stop () { bar.update(done.bytes, payload()); bar.stop(); return figures() }
    }
  }

  ctx.stderr.write(`uploading ${count(totals.files, 'file')}, ${formatBytes(totals.bytes)}\n`)
  let lastLine = started
  const line = (): void => {
    ctx.stderr.write(`uploaded ${done.files}/${totals.files} files, ${formatBytes(done.bytes)}/${formatBytes(totals.bytes)}, ${rate()}\n`)
  }
  const maybeLine = (): void => {
    const now = performance.now()
    if (now - lastLine >= PROGRESS_LINE_INTERVAL_MS) {
      lastLine = now
      line()
    }
  }
  return {
    bytes (n) { done.bytes += n; maybeLine() },
    file () { done.files++; maybeLine() },
    stop () { line(); return figures() }
  }
}
