import { useState } from 'preact/hooks'
import { call, rpc } from '../api.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatTime, short } from '../format.ts'
import { useLoad } from '../use-load.ts'
import { KeptNames } from './KeptNames.tsx'
import { Keys } from './Keys.tsx'
import type { NodeStatus } from '../app.tsx'
import type { Session } from '../session.ts'

export interface HeldName {
  name: string
  key: string | null
  value: string
  sequence: string
  eol: string
  lastPublished: string | null
  lastError: string | null
  nextPublish: string | null
}

export type KeyInfo = { Name: string, Id: string }

/** Keys, the names this node publishes with them, and names of others it keeps alive. */
export function Names ({ session, status }: { session: Session, status: NodeStatus }) {
  const keys = useLoad(async () => (await rpc<{ Keys: KeyInfo[] }>(session, 'key/list', { l: true })).Keys, [session])
  const own = useLoad(async () => (await call<{ names: HeldName[] }>(session, 'GET', '/api/v1/names')).names, [session])
  const [key, setKey] = useState('self')
  const [value, setValue] = useState('')
  const [error, setError] = useState<unknown>()
  const [done, setDone] = useState<string | undefined>()

  const publish = async () => {
    setError(undefined)
    setDone(undefined)
    const answer = await call<{ name: string, value: string, sequence: string }>(session, 'POST', '/api/v1/names', { value: value.trim(), key, allowOffline: true })
    setDone(`/ipns/${answer.name} → ${answer.value} (sequence ${answer.sequence})`)
    own.reload()
  }

  return (
    <section aria-labelledby='names-title'>
      <h1 id='names-title'>Names</h1>
      <h2>Publish a name</h2>
      <form class='inline' onSubmit={(e) => { e.preventDefault(); publish().catch(setError) }}>
        <label for='publish-key'>Key</label>
        <select id='publish-key' value={key} onChange={(e) => { setKey(e.currentTarget.value) }}>
          {(keys.data ?? [{ Name: 'self', Id: '' }]).map(k => <option key={k.Name} value={k.Name}>{k.Name}</option>)}
        </select>
        <label for='publish-value'>CID or path</label>
        <input id='publish-value' required placeholder='/ipfs/bafy…' value={value} onInput={(e) => { setValue(e.currentTarget.value) }} />
        <button type='submit'>Publish name</button>
      </form>
      <ErrorNote error={error} />
      {done != null && <p role='status' class='published-name'>Published {done}</p>}

      <h2>Own names</h2>
      <ErrorNote error={own.error} />
      <table class='own-names'>
        <thead><tr><th scope='col'>Name</th><th scope='col'>Key</th><th scope='col'>Value</th><th scope='col'>Sequence</th><th scope='col'>Expires</th><th scope='col'>Next republish</th></tr></thead>
        <tbody>
          {(own.data ?? []).map(n => (
            <tr key={n.name}>
              <td>{status.gatewayUrl == null ? <code title={n.name}>{short(n.name)}</code> : <a title={n.name} href={`${new URL(status.gatewayUrl).origin}/ipns/${n.name}/`} target='_blank' rel='noopener noreferrer'>{short(n.name)}</a>}</td>
              <td>{n.key}</td>
              <td><code>{n.value}</code></td>
              <td>{n.sequence}</td>
              <td>{formatTime(n.eol)}</td>
              <td>{formatTime(n.nextPublish)}{n.lastError != null && <span class='error'> ({n.lastError})</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {own.data?.length === 0 && <p class='hint'>This node publishes no name yet.</p>}

      <Keys session={session} keys={keys} />
      <KeptNames session={session} />
    </section>
  )
}
