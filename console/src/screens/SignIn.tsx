import { useState } from 'preact/hooks'
import { ErrorNote } from '../components/ErrorNote.tsx'
import type { Session } from '../session.ts'

interface Props {
  initial?: Session
  error?: unknown
  checking: boolean
  onSignIn: (session: Session) => void
}

/**
 * The token, and optionally another Cairn's API URL. Nothing is stored until
 * the API has accepted the token (App checks it with GET /api/v1/node).
 */
export function SignIn ({ initial, error, checking, onSignIn }: Props) {
  const [token, setToken] = useState(initial?.token ?? '')
  const [apiUrl, setApiUrl] = useState(initial?.apiUrl ?? '')
  return (
    <main class='signin'>
      <h1>Cairn console</h1>
      <p>Sign in with an API token: the one in <code>&lt;data dir&gt;/api-token</code>, the link Cairn printed at start, or a token made with <code>cairn token create</code>.</p>
      <form onSubmit={(e) => { e.preventDefault(); onSignIn({ token: token.trim(), apiUrl: apiUrl.trim() }) }}>
        <label for='token'>API token</label>
        <input id='token' type='password' autocomplete='off' required value={token} onInput={(e) => { setToken(e.currentTarget.value) }} />
        <label for='api-url'>Cairn API URL <span class='hint'>(empty: this server)</span></label>
        <input id='api-url' type='url' placeholder='http://127.0.0.1:5001' value={apiUrl} onInput={(e) => { setApiUrl(e.currentTarget.value) }} />
        <ErrorNote error={error} />
        <button type='submit' disabled={checking}>{checking ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  )
}
