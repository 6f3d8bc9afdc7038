import { useState } from 'preact/hooks'
import { call, query, rpc } from '../api.ts'
import { Confirm } from '../components/Confirm.tsx'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes, formatTime, short } from '../format.ts'
import { useLoad } from '../use-load.ts'
import { PinRemote } from './PinRemote.tsx'
import type { Session } from '../session.ts'

export interface ListedPin {
  cid: string
  name: string
  type: 'recursive' | 'direct' | null
  status: 'queued' | 'pinning' | 'pinned' | 'failed'
  created: string | null
  size: number | null
  requests: Array<{ requestid: string, status: string, blocks: number }>
}

const PAGE = 50

/** Every pin (GET /api/v1/pins), a page at a time by cursor; earlier cursors kept for "Previous". */
export function Pins ({ session }: { session: Session }) {
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined])
  const [unpinning, setUnpinning] = useState<ListedPin | undefined>()
  const [error, setError] = useState<unknown>()
  const after = cursors.at(-1)
  const list = useLoad(async () => call<{ pins: ListedPin[], next: string | null }>(session, 'GET', `/api/v1/pins${query({ q: q === '' ? undefined : q, limit: PAGE, after })}`), [session, q, after])

  /** A pin held by Pinning Service requests goes with them; any other through Kubo's pin/rm. */
  const unpin = async (pin: ListedPin) => {
    setError(undefined)
    if (pin.requests.length > 0) {
      for (const request of pin.requests) {
        await call(session, 'DELETE', `/pins/${request.requestid}`)
      }
    } else {
      await rpc(session, 'pin/rm', { arg: pin.cid })
    }
    list.reload()
  }

  return (
    <section aria-labelledby='pins-title'>
      <h1 id='pins-title'>Pins</h1>
      <PinRemote session={session} onPinned={list.reload} />
      <form role='search' class='inline' onSubmit={(e) => { e.preventDefault(); setQ(search.trim()); setCursors([undefined]) }}>
        <label for='pin-search'>Search by name or CID</label>
        <input id='pin-search' type='search' value={search} onInput={(e) => { setSearch(e.currentTarget.value) }} />
        <button type='submit'>Search</button>
      </form>
      <ErrorNote error={error ?? list.error} />
      <table>
        <caption class='visually-hidden'>Pins</caption>
        <thead><tr><th scope='col'>Name</th><th scope='col'>CID</th><th scope='col'>Size</th><th scope='col'>Created</th><th scope='col'>Status</th><th scope='col'><span class='visually-hidden'>Actions</span></th></tr></thead>
        <tbody>
          {(list.data?.pins ?? []).map(pin => (
            <tr key={`${pin.cid}-${pin.status}`} data-cid={pin.cid}>
              <td>{pin.name === '' ? <span class='hint'>(no name)</span> : pin.name}</td>
              <td><code title={pin.cid}>{short(pin.cid)}</code></td>
              <td>{formatBytes(pin.size)}</td>
              <td>{formatTime(pin.created)}</td>
              <td><span class={`status ${pin.status}`}>{pin.status}</span>{pin.status === 'pinning' && ` (${pin.requests[0]?.blocks ?? 0} blocks)`}</td>
              <td><button type='button' aria-label={`Unpin ${pin.name || pin.cid}`} onClick={() => { setUnpinning(pin) }}>Unpin</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.pins.length === 0 && <p class='hint'>{q === '' ? 'No pins yet.' : `No pin matches “${q}”.`}</p>}
      <div class='pager'>
        <button type='button' disabled={cursors.length === 1} onClick={() => { setCursors(c => c.slice(0, -1)) }}>Previous</button>
        <span>Page {cursors.length}</span>
        <button type='button' disabled={list.data?.next == null} onClick={() => { const next = list.data?.next; if (next != null) setCursors(c => [...c, next]) }}>Next</button>
      </div>
      <Confirm
        open={unpinning != null}
        title='Unpin?'
        message={`Unpin ${unpinning?.name || unpinning?.cid || ''}? Its blocks may be removed by the next garbage collection.`}
        confirmLabel='Unpin'
        onCancel={() => { setUnpinning(undefined) }}
        onConfirm={() => { const pin = unpinning; setUnpinning(undefined); if (pin != null) unpin(pin).catch(setError) }}
      />
    </section>
  )
}
