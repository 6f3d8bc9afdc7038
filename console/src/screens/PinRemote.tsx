import { useEffect, useState } from 'preact/hooks'
import { call } from '../api.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes } from '../format.ts'
import type { Session } from '../session.ts'

interface PinStatus {
  requestid: string
  status: 'queued' | 'pinning' | 'pinned' | 'failed'
  pin: { cid: string }
  info: { status_details?: string, blocks?: string, bytes?: string }
}

const POLL_MS = 1000

/** Pin a CID held by other peers through the Pinning Service API, following the request until it settles. */
export function PinRemote ({ session, onPinned }: { session: Session, onPinned: () => void }) {
  const [cid, setCid] = useState('')
  const [name, setName] = useState('')
  const [origins, setOrigins] = useState('')
  const [request, setRequest] = useState<PinStatus | undefined>()
  const [error, setError] = useState<unknown>()

  useEffect(() => {
    if (request == null || request.status === 'pinned' || request.status === 'failed') {
      return
    }
    const timer = setTimeout(() => {
      call<PinStatus>(session, 'GET', `/pins/${request.requestid}`).then((next) => {
        setRequest(next)
        if (next.status === 'pinned') onPinned()
      }, setError)
    }, POLL_MS)
    return () => { clearTimeout(timer) }
  }, [request, session, onPinned])

  const submit = async () => {
    setError(undefined)
    const body = { cid: cid.trim(), ...(name === '' ? {} : { name }), origins: origins.split(/\s+/).filter(o => o !== '') }
    const made = await call<PinStatus>(session, 'POST', '/pins', body)
    setRequest(made)
    if (made.status === 'pinned') onPinned()
  }

  return (
    <details class='panel'>
      <summary>Pin a CID from other peers</summary>
      <form onSubmit={(e) => { e.preventDefault(); submit().catch(setError) }}>
        <label for='remote-cid'>CID</label>
        <input id='remote-cid' required value={cid} onInput={(e) => { setCid(e.currentTarget.value) }} />
        <label for='remote-name'>Name</label>
        <input id='remote-name' value={name} maxLength={255} onInput={(e) => { setName(e.currentTarget.value) }} />
        <label for='remote-origins'>Origins <span class='hint'>(multiaddrs of peers that have it, one per line; optional)</span></label>
        <textarea id='remote-origins' rows={2} value={origins} onInput={(e) => { setOrigins(e.currentTarget.value) }} />
        <button type='submit'>Pin</button>
      </form>
      <ErrorNote error={error} />
      {request != null && (
        <p role='status' class='remote-status'>
          <span class={`status ${request.status}`}>{request.status}</span> {request.pin.cid}: {request.info.blocks ?? 0} blocks, {formatBytes(Number(request.info.bytes ?? 0))}
          {request.status === 'failed' && ` (${request.info.status_details ?? 'failed'})`}
        </p>
      )}
    </details>
  )
}
