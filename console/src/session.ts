/**
 * Who the console talks to, and with which token. Kept in sessionStorage:
 * it goes when the tab closes, and never appears in a URL the server sees
 * (the one-click link carries it in the fragment, removed on arrival).
 */
export interface Session {
  /** '' for this page's own origin, else another Cairn API's base URL. */
  apiUrl: string
  token: string
}

const KEY = 'cairn.session'

export function loadSession (): Session | undefined {
  const raw = sessionStorage.getItem(KEY)
  if (raw == null) {
    return undefined
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Session>
    return typeof parsed.token === 'string' ? { apiUrl: parsed.apiUrl ?? '', token: parsed.token } : undefined
  } catch {
    return undefined
  }
}

export function saveSession (session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session))
}

export function clearSession (): void {
  sessionStorage.removeItem(KEY)
}

/** Takes `#token=…` out of the address bar (and history), returning it. */
export function takeTokenFromFragment (): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1))
  const token = params.get('token')
  if (token == null || token === '') {
    return undefined
  }
  history.replaceState(null, '', location.pathname + location.search)
  return token
}
