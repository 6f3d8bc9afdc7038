import { useEffect, useRef, useState } from 'preact/hooks'
import { call, rpc } from '../api.ts'
import { fromDrop, fromInput } from '../collect.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes } from '../format.ts'
import { useLoad } from '../use-load.ts'
import { needsWrap, upload } from '../upload.ts'
import { PublishResult } from './PublishResult.tsx'
import { UploadBar } from './UploadBar.tsx'
import type { NodeStatus } from '../app.tsx'
import type { Session } from '../session.ts'
import type { Added, UploadFile, UploadProgress } from '../upload.ts'

/** Rows of the chosen files shown; a 10,000-file folder is summarised, not rendered. */
const LISTED_FILES = 8

/**
 * Longest the page spends adding up file sizes before it yields: Chromium
 * reads a picked file's size from disk the first time it is asked, about
 * 2.8 s for 10,000 files in one go, which would freeze the page.
 */
const SIZE_SLICE_MS = 12

/** The bytes of `files`, added up a slice at a time; undefined until done. */
function useTotalSize (files: UploadFile[]): number | undefined {
  const [total, setTotal] = useState<number | undefined>(0)
  useEffect(() => {
    let stopped = false
    let sum = 0
    let i = 0
    setTotal(undefined)
    const slice = () => {
      const until = performance.now() + SIZE_SLICE_MS
      while (i < files.length && performance.now() < until) {
        sum += files[i++]?.file.size ?? 0
      }
      if (stopped) {
        return
      }
      if (i < files.length) {
        setTimeout(slice, 0)
      } else {
        setTotal(sum)
      }
    }
    slice()
    return () => { stopped = true }
  }, [files])
  return total
}

export interface Published extends Added {
  isDirectory: boolean
  ipns?: { name: string, error?: undefined } | { name?: undefined, error: unknown }
}

/** Files and folders to IPFS with byte progress, then optionally under an IPNS name. */
export function Publish ({ session, status }: { session: Session, status: NodeStatus }) {
  const [files, setFiles] = useState<UploadFile[]>([])
  const [cidVersion, setCidVersion] = useState<0 | 1>(1)
  const [rawLeaves, setRawLeaves] = useState(true)
  const [pinName, setPinName] = useState('')
  const [key, setKey] = useState('')
  const [progress, setProgress] = useState<UploadProgress | undefined>()
  const [result, setResult] = useState<Published | undefined>()
  const [error, setError] = useState<unknown>()
  const [over, setOver] = useState(false)
  const cancel = useRef<(() => void) | undefined>(undefined)
  const keys = useLoad(async () => (await rpc<{ Keys: Array<{ Name: string }> }>(session, 'key/list')).Keys, [session])

  const total = useTotalSize(files)
  const choose = (chosen: UploadFile[]) => { setFiles(chosen); setResult(undefined); setError(undefined) }

  const start = async () => {
    setError(undefined)
    setResult(undefined)
    setProgress({ loaded: 0, total: total ?? 0, rate: 0, sent: false })
    const job = upload(session, files, { cidVersion, rawLeaves, pinName }, setProgress)
    cancel.current = job.cancel
    try {
      const added = await job.done
      const published: Published = { ...added, isDirectory: files.length > 1 || needsWrap(files) || files.some(f => f.path.includes('/')) }
      if (key !== '') {
        try {
          const answer = await call<{ name: string }>(session, 'POST', '/api/v1/names', { value: `/ipfs/${added.cid}`, key, allowOffline: true })
          published.ipns = { name: answer.name }
        } catch (err) {
          published.ipns = { error: err }
        }
      }
      setResult(published)
      setFiles([])
    } catch (err) {
      setError((err as Error).name === 'AbortError' ? new Error('Upload cancelled; nothing was pinned.') : err)
    } finally {
      cancel.current = undefined
      setProgress(undefined)
    }
  }

  const busy = progress != null
  return (
    <section aria-labelledby='publish-title'>
      <h1 id='publish-title'>Publish</h1>
      <div
        class={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => { e.preventDefault(); setOver(true) }}
        onDragLeave={() => { setOver(false) }}
        onDrop={(e) => { e.preventDefault(); setOver(false); if (e.dataTransfer != null) fromDrop(e.dataTransfer).then(choose, setError) }}
      >
        <p>Drop files or folders here, or choose them:</p>
        <label class='button' for='pick-files'>Choose files</label>
        <input id='pick-files' class='visually-hidden' type='file' multiple disabled={busy} onChange={(e) => { if (e.currentTarget.files != null) choose(fromInput(e.currentTarget.files)) }} />
        <label class='button' for='pick-folder'>Choose a folder</label>
        <input id='pick-folder' class='visually-hidden' type='file' {...{ webkitdirectory: true }} disabled={busy} onChange={(e) => { if (e.currentTarget.files != null) choose(fromInput(e.currentTarget.files)) }} />
      </div>

      {files.length > 0 && (
        <div class='chosen' aria-live='polite'>
          <p><strong>{files.length.toLocaleString()}</strong> {files.length === 1 ? 'file' : 'files'}, {total == null ? 'counting bytes…' : formatBytes(total)}</p>
          <ul>{files.slice(0, LISTED_FILES).map(f => <li key={f.path}>{f.path}</li>)}</ul>
          {files.length > LISTED_FILES && <p class='hint'>and {(files.length - LISTED_FILES).toLocaleString()} more</p>}
        </div>
      )}

      <form class='options' onSubmit={(e) => { e.preventDefault(); start().catch(setError) }}>
        <fieldset disabled={busy}>
          <legend>Options</legend>
          <label for='cid-version'>CID version</label>
          <select id='cid-version' value={cidVersion} onChange={(e) => { const v = e.currentTarget.value === '0' ? 0 : 1; setCidVersion(v); setRawLeaves(v === 1) }}>
            <option value='1'>CIDv1 (bafy…)</option>
            <option value='0'>CIDv0 (Qm…)</option>
          </select>
          <label class='check'><input type='checkbox' checked={rawLeaves} onChange={(e) => { setRawLeaves(e.currentTarget.checked) }} /> Raw leaves</label>
          <label for='pin-name'>Pin name</label>
          <input id='pin-name' value={pinName} maxLength={255} onInput={(e) => { setPinName(e.currentTarget.value) }} />
          <label for='ipns-key'>Publish under an IPNS name</label>
          <select id='ipns-key' value={key} onChange={(e) => { setKey(e.currentTarget.value) }}>
            <option value=''>No</option>
            {(keys.data ?? []).map(k => <option key={k.Name} value={k.Name}>Key “{k.Name}”</option>)}
          </select>
        </fieldset>
        <button type='submit' disabled={busy || files.length === 0}>Publish</button>
      </form>

      {progress != null && <UploadBar progress={progress} onCancel={() => cancel.current?.()} />}
      <ErrorNote error={error} />
      {result != null && <PublishResult result={result} gatewayUrl={status.gatewayUrl} />}
    </section>
  )
}
