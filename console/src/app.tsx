import { useEffect, useState } from 'preact/hooks'
import { ApiError, call } from './api.ts'
import { clearSession, loadSession, saveSession, takeTokenFromFragment } from './session.ts'
import { Names } from './screens/Names.tsx'
import { NodeScreen } from './screens/Node.tsx'
import { Pins } from './screens/Pins.tsx'
import { Publish } from './screens/Publish.tsx'
import { Search } from './screens/Search.tsx'
import { SignIn } from './screens/SignIn.tsx'
import type { Session } from './session.ts'

export interface NodeStatus {
  peerId: string
  agentVersion: string
  version: string
  system: string
  runtime: string
  network: string
  addresses: string[]
  connections: number
  gatewayUrl: string | null
  gatewayDomains: string[]
  startedAt: string
  uptimeMs: number
  storage: { usedBytes: number, maxBytes: number | null, blocks: number }
}

/** The screens, by the name in the address bar's fragment (`#pins`). */
const SCREENS = [['publish', 'Publish'], ['pins', 'Pins'], ['names', 'Names'], ['search', 'Search'], ['node', 'Node']] as const
type Screen = typeof SCREENS[number][0]

function screenFromHash (): Screen {
  const name = location.hash.slice(1)
  return SCREENS.find(([id]) => id === name)?.[0] ?? 'publish'
}

async function check (session: Session): Promise<NodeStatus> {
  try {
    return await call<NodeStatus>(session, 'GET', '/api/v1/node')
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new Error(`The API did not accept this token: ${err.message}`, { cause: err })
    }
    if (err instanceof ApiError && err.status === 403) {
      throw new Error(`This token may not read the node (it needs the read scope): ${err.message}`, { cause: err })
    }
    throw err
  }
}

export function App () {
  const [session, setSession] = useState<Session | undefined>()
  const [candidate, setCandidate] = useState<Session | undefined>(() => {
    const token = takeTokenFromFragment()
    return token != null ? { apiUrl: '', token } : loadSession()
  })
  const [status, setStatus] = useState<NodeStatus | undefined>()
  const [error, setError] = useState<unknown>()
  const [screen, setScreen] = useState<Screen>(screenFromHash)

  useEffect(() => {
    if (candidate == null) {
      return
    }
    let current = true
    setError(undefined)
    check(candidate).then(
      (found) => { if (current) { saveSession(candidate); setSession(candidate); setStatus(found) } },
      (err: unknown) => { if (current) { clearSession(); setError(err); setCandidate(undefined) } }
    )
    return () => { current = false }
  }, [candidate])

  useEffect(() => {
    // a one-click link opened in a tab already on the console changes only the fragment
    const onHash = () => {
      const token = takeTokenFromFragment()
      if (token != null) {
        setCandidate({ apiUrl: '', token })
      }
      setScreen(screenFromHash())
    }
    addEventListener('hashchange', onHash)
    return () => { removeEventListener('hashchange', onHash) }
  }, [])

  if (session == null || status == null) {
    return <SignIn initial={candidate} error={error} checking={candidate != null} onSignIn={setCandidate} />
  }
  const signOut = () => {
    clearSession()
    setSession(undefined)
    setStatus(undefined)
    setCandidate(undefined)
  }
  return (
    <>
      <header>
        <strong class='brand'>Cairn</strong>
        <nav aria-label='Screens'>
          {SCREENS.map(([id, label]) => <a key={id} href={`#${id}`} aria-current={screen === id ? 'page' : undefined}>{label}</a>)}
        </nav>
        <span class='where' title={status.peerId}>{session.apiUrl || location.host}</span>
        <button type='button' onClick={signOut}>Sign out</button>
      </header>
      <main>
        {screen === 'publish' && <Publish session={session} status={status} />}
        {screen === 'pins' && <Pins session={session} />}
        {screen === 'names' && <Names session={session} status={status} />}
        {screen === 'search' && <Search session={session} gatewayUrl={status.gatewayUrl} />}
        {screen === 'node' && <NodeScreen session={session} />}
      </main>
    </>
  )
}
