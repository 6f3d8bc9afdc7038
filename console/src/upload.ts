import { apiBase, errorMessage, query } from './api.ts'
import type { Session } from './session.ts'

/** A file to send and the path it gets in the result (`site/img/a.png`). */
export interface UploadFile {
  file: File
  path: string
}

export interface UploadOptions {
  cidVersion: 0 | 1
  rawLeaves: boolean
  pinName: string
}

export interface UploadProgress {
  loaded: number
  total: number
  /** Bytes per second over the last few seconds. */
  rate: number
  /** All bytes sent; the node is finishing the import. */
  sent: boolean
}

export interface Added {
  cid: string
  size: number
  name: string
}

/** Folders keep their name as the root; several loose files are wrapped in a directory, as `ipfs add -w`. */
export function needsWrap (files: UploadFile[]): boolean {
  const tops = new Set(files.map(f => f.path.split('/')[0]))
  const folder = tops.size === 1 && files.every(f => f.path.includes('/'))
  return !folder && files.length > 1
}

const RATE_WINDOW_MS = 3000

/**
 * Sends files to `/api/v0/add` with XMLHttpRequest, the one browser API that
 * reports upload progress and can be aborted. The browser streams each File
 * from disk and the server imports the multipart body as it arrives, so
 * neither side holds the upload in memory. Each part's filename is its path,
 * URL-encoded, as Kubo's clients send it; `quieter` answers with the root only,
 * so a 10,000-file folder does not come back as 10,000 lines.
 */
export function upload (session: Session, files: UploadFile[], options: UploadOptions, onProgress: (p: UploadProgress) => void): { done: Promise<Added>, cancel: () => void } {
  const form = new FormData()
  for (const { file, path } of files) {
    form.append('file', file, encodeURIComponent(path))
  }
  const params = query({
    'cid-version': options.cidVersion,
    'raw-leaves': options.rawLeaves,
    pin: true,
    'pin-name': options.pinName === '' ? undefined : options.pinName,
    'wrap-with-directory': needsWrap(files),
    quieter: true,
    progress: false
  })
  const xhr = new XMLHttpRequest()
  const samples: Array<[number, number]> = []
  const done = new Promise<Added>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      const now = performance.now()
      samples.push([now, event.loaded])
      while (samples.length > 2 && (samples[0]?.[0] ?? now) < now - RATE_WINDOW_MS) {
        samples.shift()
      }
      const [t0, b0] = samples[0] ?? [now, 0]
      const rate = now > t0 ? (event.loaded - b0) / ((now - t0) / 1000) : 0
      onProgress({ loaded: event.loaded, total: event.total, rate, sent: false })
    }
    xhr.upload.onload = () => { onProgress({ loaded: 1, total: 1, rate: 0, sent: true }) }
    xhr.onload = () => {
      if (xhr.status !== 200) {
        reject(new Error(errorMessage(xhr.status, xhr.responseText)))
        return
      }
      // Kubo streams its answer; an error found after the headers ends it as a line with a Message
      const lines = xhr.responseText.split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as { Hash?: string, Size?: string, Name?: string, Message?: string })
      const failed = lines.find(line => line.Message != null)
      const last = lines.at(-1)
      if (failed != null || last?.Hash == null) {
        reject(new Error(failed?.Message ?? 'the node answered without a CID'))
        return
      }
      resolve({ cid: last.Hash, size: Number(last.Size ?? 0), name: last.Name ?? '' })
    }
    xhr.onerror = () => { reject(new Error(`the upload to ${apiBase(session) || location.origin} failed (network error)`)) }
    xhr.onabort = () => { reject(new DOMException('upload cancelled', 'AbortError')) }
  })
  xhr.open('POST', `${apiBase(session)}/api/v0/add${params}`)
  xhr.setRequestHeader('authorization', `Bearer ${session.token}`)
  xhr.send(form)
  return { done, cancel: () => { xhr.abort() } }
}
