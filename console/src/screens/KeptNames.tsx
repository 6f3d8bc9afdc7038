import { useState } from 'preact/hooks'
import { call } from '../api.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatTime, short } from '../format.ts'
import { useLoad } from '../use-load.ts'
import type { HeldName } from './Names.tsx'
import type { Session } from '../session.ts'

/** Names of others this node re-puts until their records expire (`/api/v1/names/kept`). */
export function KeptNames ({ session }: { session: Session }) {
  const kept = useLoad(async () => (await call<{ names: HeldName[] }>(session, 'GET', '/api/v1/names/kept')).names, [session])
  const [name, setName] = useState('')
  const [error, setError] = useState<unknown>()
  const act = (work: Promise<unknown>) => {
    setError(undefined)
    work.then(() => { kept.reload() }, setError)
  }
  return (
    <>
      <h2>Kept names</h2>
      <form class='inline' onSubmit={(e) => { e.preventDefault(); act(call(session, 'POST', '/api/v1/names/kept', { name: name.trim() })); setName('') }}>
        <label for='kept-name'>Keep a name alive</label>
        <input id='kept-name' required placeholder='k51…' value={name} onInput={(e) => { setName(e.currentTarget.value) }} />
        <button type='submit'>Keep</button>
      </form>
      <ErrorNote error={error ?? kept.error} />
      <table>
        <thead><tr><th scope='col'>Name</th><th scope='col'>Value</th><th scope='col'>Expires</th><th scope='col'>State</th><th scope='col'><span class='visually-hidden'>Actions</span></th></tr></thead>
        <tbody>
          {(kept.data ?? []).map(n => (
            <tr key={n.name}>
              <td><code title={n.name}>{short(n.name)}</code></td>
              <td><code>{n.value}</code></td>
              <td>{formatTime(n.eol)}</td>
              <td>{n.lastError != null ? <span class='error'>{n.lastError}</span> : n.lastPublished != null ? `put ${formatTime(n.lastPublished)}` : 'waiting'}</td>
              <td><button type='button' aria-label={`Stop keeping ${n.name}`} onClick={() => { act(call(session, 'DELETE', `/api/v1/names/kept/${n.name}`)) }}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {kept.data?.length === 0 && <p class='hint'>No kept names.</p>}
    </>
  )
}
