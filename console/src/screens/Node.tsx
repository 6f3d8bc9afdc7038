import { useState } from 'preact/hooks'
import { call, rpc, rpcLines } from '../api.ts'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes, formatDuration, short } from '../format.ts'
import { useLoad } from '../use-load.ts'
import type { NodeStatus } from '../app.tsx'
import type { Session } from '../session.ts'

interface Peer { Peer: string, Addr: string }

/** Identity, storage and GC, and the swarm: connected peers, connect and disconnect. */
export function NodeScreen ({ session }: { session: Session }) {
  const status = useLoad(async () => call<NodeStatus>(session, 'GET', '/api/v1/node'), [session])
  const peers = useLoad(async () => (await rpc<{ Peers: Peer[] | null }>(session, 'swarm/peers')).Peers ?? [], [session])
  const [addr, setAddr] = useState('')
  const [gc, setGc] = useState<string | undefined>()
  const [error, setError] = useState<unknown>()
  const act = (work: Promise<unknown>) => {
    setError(undefined)
    work.then(() => { peers.reload(); status.reload() }, setError)
  }
  const collect = async () => {
    setGc('collecting…')
    const before = status.data?.storage.usedBytes ?? 0
    const removed = await rpcLines<{ Key?: unknown }>(session, 'repo/gc')
    const after = (await call<NodeStatus>(session, 'GET', '/api/v1/node')).storage.usedBytes
    setGc(`removed ${removed.filter(line => line.Key != null).length} blocks, freed ${formatBytes(Math.max(0, before - after))}`)
    status.reload()
  }
  const s = status.data
  return (
    <section aria-labelledby='node-title'>
      <h1 id='node-title'>Node</h1>
      <ErrorNote error={status.error} />
      {s != null && (
        <dl class='facts'>
          <dt>Peer ID</dt><dd><code class='peer-id'>{s.peerId}</code></dd>
          <dt>Version</dt><dd>Cairn {s.version} ({s.runtime}, {s.system})</dd>
          <dt>Uptime</dt><dd>{formatDuration(s.uptimeMs)}</dd>
          <dt>Network</dt><dd>{s.network}</dd>
          <dt>Gateway</dt><dd>{s.gatewayUrl ?? '—'}</dd>
          <dt>Storage</dt>
          <dd>
            {formatBytes(s.storage.usedBytes)} of {s.storage.maxBytes == null ? 'no limit' : formatBytes(s.storage.maxBytes)} · {s.storage.blocks.toLocaleString()} blocks
            {s.storage.maxBytes != null && <progress aria-label='Storage used' max={s.storage.maxBytes} value={s.storage.usedBytes} />}
          </dd>
          <dt>Listen addresses</dt>
          <dd><ul>{s.addresses.map(a => <li key={a}><code>{a}</code></li>)}</ul></dd>
        </dl>
      )}
      <p>
        <button type='button' onClick={() => { collect().catch((err: unknown) => { setGc(undefined); setError(err) }) }}>Collect garbage</button>
        {gc != null && <span role='status' class='gc-result'> {gc}</span>}
      </p>
      <h2>Peers ({peers.data?.length ?? 0})</h2>
      <form class='inline' onSubmit={(e) => { e.preventDefault(); act(rpc(session, 'swarm/connect', { arg: addr.trim() })) }}>
        <label for='connect-addr'>Connect to a multiaddr</label>
        <input id='connect-addr' required placeholder='/ip4/127.0.0.1/tcp/4001/p2p/12D3…' value={addr} onInput={(e) => { setAddr(e.currentTarget.value) }} />
        <button type='submit'>Connect</button>
      </form>
      <ErrorNote error={error ?? peers.error} />
      <table>
        <thead><tr><th scope='col'>Peer</th><th scope='col'>Address</th><th scope='col'><span class='visually-hidden'>Actions</span></th></tr></thead>
        <tbody>
          {(peers.data ?? []).map(p => (
            <tr key={`${p.Peer}${p.Addr}`}>
              <td><code title={p.Peer}>{short(p.Peer)}</code></td>
              <td><code>{p.Addr}</code></td>
              <td><button type='button' aria-label={`Disconnect ${p.Peer}`} onClick={() => { act(rpc(session, 'swarm/disconnect', { arg: `${p.Addr}/p2p/${p.Peer}` })) }}>Disconnect</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
