import { useRef, useState } from 'preact/hooks'
import { query, streamLines } from '../api.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes, short } from '../format.ts'
import type { Session } from '../session.ts'

export interface SearchHit {
  cid: string
  root: string
  name: string
  path: string
  size: number
  score: number
  peer: { id: string, addrs: string[] }
  via: 'local' | 'routing' | { hops: number }
  /** An error line: the search ended early, with the server's reason. */
  error?: { message: string }
}

const describeVia = (via: SearchHit['via']): string =>
  via === 'local' ? 'this node' : via === 'routing' ? 'term record' : `${via.hops} hop${via.hops === 1 ? '' : 's'} away`

/**
 * Asks this node, its neighbours and the holders of the words' records
 * (GET /api/v1/search); results show as they arrive. A result is a pointer:
 * opening it through the gateway fetches and verifies the content.
 */
export function Search ({ session, gatewayUrl }: { session: Session, gatewayUrl: string | null }) {
  const [q, setQ] = useState('')
  const [hops, setHops] = useState(3)
  const [hits, setHits] = useState<SearchHit[]>([])
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>()
  const current = useRef<AbortController | undefined>(undefined)

  const run = async () => {
    current.current?.abort()
    const controller = new AbortController()
    current.current = controller
    setHits([])
    setError(undefined)
    setRunning(true)
    try {
      await streamLines<SearchHit>(session, `/api/v1/search${query({ q, hops })}`, (hit) => {
        if (hit.error != null) {
          setError(new Error(hit.error.message))
        } else {
          setHits(found => [...found, hit])
        }
      }, controller.signal)
    } catch (err) {
      if ((err as Error).name !== 'AbortError') {
        setError(err)
      }
    } finally {
      if (current.current === controller) {
        setRunning(false)
      }
    }
  }

  return (
    <section aria-labelledby='search-title'>
      <h1 id='search-title'>Search</h1>
      <p>Finds what peers made public (names, descriptions, keywords, file names), asking from neighbour to neighbour: no central index.</p>
      <form class='inline' onSubmit={(e) => { e.preventDefault(); void run() }}>
        <label for='search-q'>Words</label>
        <input id='search-q' type='search' name='q' required value={q} onInput={e => { setQ(e.currentTarget.value) }} />
        <label for='search-hops'>Hops</label>
        <select id='search-hops' value={hops} onChange={e => { setHops(Number(e.currentTarget.value)) }}>
          {[0, 1, 2, 3, 4, 5, 6].map(n => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type='submit'>{running ? 'Searching…' : 'Search'}</button>
      </form>
      <ErrorNote error={error} />
      {!running && hits.length === 0 && q !== '' && error == null && <p>No results yet.</p>}
      {hits.length > 0 && (
        <table>
          <thead><tr><th>Name</th><th>Path</th><th>Size</th><th>Held by</th><th>Found</th><th /></tr></thead>
          <tbody>
            {hits.map(hit => (
              <tr key={`${hit.peer.id}/${hit.cid}/${hit.path}`}>
                <td>{hit.name}</td>
                <td><code>{hit.path === '' ? '/' : hit.path}</code></td>
                <td>{formatBytes(hit.size)}</td>
                <td title={hit.peer.id}><code>{short(hit.peer.id)}</code></td>
                <td>{describeVia(hit.via)}</td>
                <td>{gatewayUrl != null && <a href={`${new URL(gatewayUrl).origin}/ipfs/${hit.root}/${hit.path}`} target='_blank' rel='noreferrer'>Open</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
