import { randomBytes } from 'node:crypto'
import * as dagJose from 'dag-jose'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** A JWS over `payload` (a CID, as dag-jose wants); the signature is random, dag-jose checks shape, not signatures. */
function jwsOver (payload: CID): dagJose.DagJWS {
  return dagJose.toGeneral(`${b64url(Buffer.from('{"alg":"EdDSA"}'))}.${b64url(payload.bytes)}.${b64url(randomBytes(64))}`) as dagJose.DagJWS
}

describe('the dag-jose codec in dag/put and dag/get', () => {
  let cairn: TestCairn
  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  const dagGet = async (arg: string, codec: string): Promise<Response> =>
    fetch(`${cairn.apiUrl}/api/v0/dag/get?arg=${arg}&output-codec=${codec}`, { method: 'POST', headers: cairn.auth })

  // kubo-rpc-client encodes with the store codec itself (dag-jose is among its codecs) and sends it as the input codec
  it('puts a JWS from kubo-rpc-client under the CID its bytes hash to, and gets it back in dag-jose and dag-json', async () => {
    const payload = await cairn.kubo.dag.put({ claim: 'signed' })
    const jws = jwsOver(payload)
    const cid = await cairn.kubo.dag.put(jws, { storeCodec: 'dag-jose', hashAlg: 'sha2-256' })
    const bytes = dagJose.encode(jws)
    expect(cid.toString()).toBe(CID.createV1(dagJose.code, await sha256.digest(bytes)).toString())

    expect(Buffer.from(await (await dagGet(cid.toString(), 'dag-jose')).arrayBuffer())).toEqual(Buffer.from(bytes))
    const asJson = await (await dagGet(cid.toString(), 'dag-json')).json()
    expect(asJson.link).toEqual({ '/': payload.toString() })
    expect(asJson.payload).toBe(jws.payload)
    expect((await cairn.kubo.dag.get(cid)).value).toMatchObject({ payload: jws.payload, link: payload })
  })

  it('resolves a path through the JWS link, and pins what it links to', async () => {
    const payload = await cairn.kubo.dag.put({ claim: 'linked' })
    const cid = await cairn.kubo.dag.put(jwsOver(payload), { storeCodec: 'dag-jose', hashAlg: 'sha2-256', pin: true })
    expect(await (await dagGet(`${cid.toString()}/link/claim`, 'dag-json')).json()).toBe('linked')
    const [pinned] = await Array.fromAsync(cairn.kubo.pin.ls({ paths: [payload] }))
    expect(pinned?.type).toBe(`indirect through ${cid.toString()}`)
  })

  it('takes a JWS as dag-json input and stores it as dag-jose', async () => {
    const payload = await cairn.kubo.dag.put({ claim: 'from json' })
    const jws = jwsOver(payload)
    const body = JSON.stringify({ payload: jws.payload, signatures: jws.signatures })
    const form = new FormData()
    form.append('file', new Blob([body]))
    const res = await fetch(`${cairn.apiUrl}/api/v0/dag/put?store-codec=dag-jose&input-codec=dag-json`, { method: 'POST', headers: cairn.auth, body: form })
    const { Cid } = await res.json()
    expect(Cid['/']).toBe(CID.createV1(dagJose.code, await sha256.digest(dagJose.encode(jws))).toString())
  })

  it('refuses bytes that are not a JOSE object', async () => {
    const form = new FormData()
    form.append('file', new Blob([JSON.stringify({ not: 'jose' })]))
    const res = await fetch(`${cairn.apiUrl}/api/v0/dag/put?store-codec=dag-jose&input-codec=dag-json`, { method: 'POST', headers: cairn.auth, body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).Message).toMatch(/cannot encode the node as dag-jose/)
  })
})
