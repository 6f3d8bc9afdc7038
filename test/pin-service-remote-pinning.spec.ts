import { randomBytes } from 'node:crypto'
import { createRemotePins } from '@helia/remote-pinning'
import drain from 'it-drain'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { startClientHelia } from './fixtures/pin-service-client.ts'
import type { TestCairn } from './fixtures/cairn.ts'

type ClientHelia = Awaited<ReturnType<typeof startClientHelia>>['helia']
// @helia/remote-pinning is typed against Helia 5; it uses only `libp2p.dial` and `libp2p.getMultiaddrs`
type RemotePinsHelia = Parameters<typeof createRemotePins>[0]

const MiB = 1024 * 1024
const LARGE_DAG_BYTES = 100 * MiB

/**
 * A separate plain Helia node pins content it holds onto Cairn with
 * @helia/remote-pinning: Cairn dials the client (its addresses are the
 * request's origins), fetches the DAG over bitswap, and serves it after the
 * client is gone.
 */
describe('Pinning Service API: @helia/remote-pinning from a plain Helia node', () => {
  const cairns: TestCairn[] = []
  const clients: ClientHelia[] = []
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async helia => helia.stop()))
    await stopAll(cairns.splice(0))
  })

  async function pinRemotely (bytes: Uint8Array, timeoutMs: number): Promise<{ cairn: TestCairn, elapsedMs: number, cid: string }> {
    const cairn = await startCairn()
    cairns.push(cairn)
    const { helia, fs } = await startClientHelia()
    clients.push(helia)
    const cid = await fs.addBytes(bytes, { signal: AbortSignal.timeout(timeoutMs) })
    const remote = createRemotePins(helia as unknown as RemotePinsHelia, { endpointUrl: cairn.apiUrl, accessToken: cairn.token, pollInterval: 100 })
    const started = Date.now()
    await drain(remote.add(cid, { name: 'from a client', metadata: { app: 'test' }, signal: AbortSignal.timeout(timeoutMs) }))
    const elapsedMs = Date.now() - started
    const listed = await Array.fromAsync(remote.ls({ signal: AbortSignal.timeout(5000) }))
    expect(listed.map(pin => ({ cid: pin.cid.toString(), name: pin.name, status: pin.status }))).toEqual([{ cid: cid.toString(), name: 'from a client', status: 'pinned' }])
    await helia.stop()
    clients.splice(clients.indexOf(helia), 1)
    return { cairn, elapsedMs, cid: cid.toString() }
  }

  it('pins content the client holds, and Cairn serves it once the client has stopped', async () => {
    const data = randomBytes(3 * MiB + 123)
    const { cairn, cid } = await pinRemotely(data, 30_000)
    const served = Buffer.from(await (await fetch(`${cairn.gatewayUrl}/ipfs/${cid}`)).arrayBuffer())
    expect(served.equals(data)).toBe(true)
    expect((await Array.fromAsync(cairn.kubo.pin.ls({ type: 'recursive' }))).map(pin => pin.cid.toString())).toContain(cid)
  }, 60_000)

  it('pins a 100 MiB DAG held by the client over loopback', async ({ annotate }) => {
    const data = randomBytes(LARGE_DAG_BYTES)
    const { cairn, cid, elapsedMs } = await pinRemotely(data, 240_000)
    await annotate(`pinned ${LARGE_DAG_BYTES / MiB} MiB from a loopback peer in ${elapsedMs} ms`)
    // the client has stopped: every byte comes from Cairn's own blockstore
    const served = Buffer.concat(await Array.fromAsync(cairn.kubo.cat(cid)))
    expect(served.equals(data)).toBe(true)
  }, 300_000)
})
