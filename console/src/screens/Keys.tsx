import { useState } from 'preact/hooks'
import { rpc } from '../api.ts'
import { Confirm } from '../components/Confirm.tsx'
import { ErrorNote } from '../components/ErrorNote.tsx'
import type { Loaded } from '../use-load.ts'
import type { KeyInfo } from './Names.tsx'
import type { Session } from '../session.ts'

/** Kubo's key commands: create (ed25519), rename, remove; `self` is the node's own and stays. */
export function Keys ({ session, keys }: { session: Session, keys: Loaded<KeyInfo[]> }) {
  const [name, setName] = useState('')
  const [renaming, setRenaming] = useState<{ from: string, to: string } | undefined>()
  const [removing, setRemoving] = useState<string | undefined>()
  const [error, setError] = useState<unknown>()
  const act = (work: Promise<unknown>) => {
    setError(undefined)
    work.then(() => { keys.reload() }, setError)
  }

  return (
    <>
      <h2>Keys</h2>
      <form class='inline' onSubmit={(e) => { e.preventDefault(); act(rpc(session, 'key/gen', { arg: name.trim(), type: 'ed25519' })); setName('') }}>
        <label for='key-name'>New key name</label>
        <input id='key-name' required value={name} onInput={(e) => { setName(e.currentTarget.value) }} />
        <button type='submit'>Create key</button>
      </form>
      <ErrorNote error={error ?? keys.error} />
      <table class='keys'>
        <thead><tr><th scope='col'>Key</th><th scope='col'>Name (IPNS)</th><th scope='col'><span class='visually-hidden'>Actions</span></th></tr></thead>
        <tbody>
          {(keys.data ?? []).map(k => (
            <tr key={k.Name}>
              <td>{renaming?.from === k.Name
                ? (
                  <form class='inline' onSubmit={(e) => { e.preventDefault(); act(rpc(session, 'key/rename', { arg: [k.Name, renaming.to.trim()] })); setRenaming(undefined) }}>
                    <label for={`rename-${k.Name}`} class='visually-hidden'>New name for {k.Name}</label>
                    <input id={`rename-${k.Name}`} required value={renaming.to} onInput={(e) => { setRenaming({ from: k.Name, to: e.currentTarget.value }) }} />
                    <button type='submit'>Save</button>
                    <button type='button' onClick={() => { setRenaming(undefined) }}>Cancel</button>
                  </form>
                  )
                : k.Name}
              </td>
              <td><code>{k.Id}</code></td>
              <td>{k.Name !== 'self' && (
                <>
                  <button type='button' aria-label={`Rename key ${k.Name}`} onClick={() => { setRenaming({ from: k.Name, to: k.Name }) }}>Rename</button>
                  <button type='button' aria-label={`Remove key ${k.Name}`} onClick={() => { setRemoving(k.Name) }}>Remove</button>
                </>
              )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Confirm
        open={removing != null}
        title='Remove key?'
        message={`Remove key “${removing ?? ''}”? Its name can never be published again.`}
        confirmLabel='Remove key'
        onCancel={() => { setRemoving(undefined) }}
        onConfirm={() => { const k = removing; setRemoving(undefined); if (k != null) act(rpc(session, 'key/rm', { arg: k })) }}
      />
    </>
  )
}
