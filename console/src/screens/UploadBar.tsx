import { formatBytes, formatDuration } from '../format.ts'
import type { UploadProgress } from '../upload.ts'

export function UploadBar ({ progress, onCancel }: { progress: UploadProgress, onCancel: () => void }) {
  const { loaded, total, rate, sent } = progress
  const eta = rate > 0 ? (total - loaded) / rate * 1000 : undefined
  return (
    <div class='upload' aria-live='polite'>
      <label for='upload-progress'>{sent ? 'Sent; the node is finishing the import…' : 'Uploading'}</label>
      <progress id='upload-progress' max={total || 1} value={sent ? undefined : loaded} />
      {!sent && <p class='hint'>{formatBytes(loaded)} of {formatBytes(total)} · {formatBytes(rate)}/s{eta != null && ` · ${formatDuration(eta)} left`}</p>}
      <button type='button' onClick={onCancel}>Cancel upload</button>
    </div>
  )
}
