import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { unmarshalIPNSRecord } from 'ipns'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, stopAll } from './fixtures/cairn.ts'
import { api, getRecord, hasIpnsRecordFixtures, IPNS_RECORD_FIXTURES, IPNS_RECORD_TYPE, outsideKey, putRecord, signedRecord } from './fixtures/names.ts'
import { ipnsRecordKinds } from './fixtures/corpus/ipns-record-kinds.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { IpnsRecordKind } from './fixtures/corpus/ipns-record-kinds.ts'

const VALUE = '/ipfs/bafkqaddwgevxmmraojswg33smq'

describe('Delegated Routing V1: /routing/v1/ipns', () => {
  let nodes: TestCairn[] = []

  afterEach(async () => {
    await stopAll(nodes)
    nodes = []
  })

  // IPIP-0428: V2 is what counts; a broken V1 signature is ignored, a V1-only record is no longer valid
  const EXPECTED: Record<string, number> = {
    v2: 200,
    'v1-v2': 200,
    'v1-v2-broken-signature-v1': 200,
    'v1-v2-broken-signature-v2': 400,
    'v1-v2-broken-v1-value': 400,
    v1: 400
  }
  /** The suite's records, named `<name>_<kind>.ipns-record`, their TTL 30 min. */
  async function conformanceRecords (): Promise<IpnsRecordKind[]> {
    const files = (await readdir(IPNS_RECORD_FIXTURES)).filter(f => f.endsWith('.ipns-record'))
    return await Promise.all(files.map(async file => {
      const [name = '', kind = ''] = file.replace('.ipns-record', '').split('_')
      return { kind, name, bytes: new Uint8Array(await readFile(join(IPNS_RECORD_FIXTURES, file))) }
    }))
  }
  const recordSources = [
    { source: 'signed here with fresh keys', records: async () => await ipnsRecordKinds(VALUE, 1_800_000) },
    ...(hasIpnsRecordFixtures ? [{ source: 'the conformance suite\'s', records: conformanceRecords }] : [])
  ]

  it.each(recordSources)('takes the valid kinds of record and refuses the broken ones with 400 ($source)', async ({ records }) => {
    const cairn = await startCairn()
    nodes = [cairn]
    const all = await records()
    expect(all.map(r => r.kind).sort()).toEqual(Object.keys(EXPECTED).sort())

    for (const { kind, name, bytes } of all) {
      const put = await putRecord(cairn, name, bytes)
      expect({ kind, status: put.status }).toEqual({ kind, status: EXPECTED[kind] })

      const got = await getRecord(cairn, name)
      if (put.status === 200) {
        expect(got.status).toBe(200)
        expect(got.headers.get('content-type')).toBe(IPNS_RECORD_TYPE)
        // both sets of records ask for a TTL of 30 min
        expect(got.headers.get('cache-control')).toBe('public, max-age=1800')
        expect(got.headers.get('etag')).toMatch(/^".+"$/)
        expect(Buffer.from(await got.arrayBuffer())).toEqual(Buffer.from(bytes))
      } else {
        expect((await put.json()).error.message).toMatch(/invalid IPNS record/)
        // nothing stored
        expect(got.status).toBe(404)
        expect(got.headers.get('cache-control')).toBe('public, max-age=60')
      }
    }
    const kept = await (await api(cairn, 'GET', '/names/kept')).json() as { names: Array<{ name: string }> }
    expect(kept.names.map(n => n.name).sort()).toEqual(all.filter(r => EXPECTED[r.kind] === 200).map(r => r.name).sort())
  })

  it('keeps the newest record: a higher sequence replaces, a lower or expired one is refused', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const { key, name } = await outsideKey()

    expect((await putRecord(cairn, name, await signedRecord(key, VALUE, 5))).status).toBe(200)
    const newer = await signedRecord(key, '/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi', 6)
    expect((await putRecord(cairn, name, newer)).status).toBe(200)
    // the same record again is fine and changes nothing
    expect((await putRecord(cairn, name, newer)).status).toBe(200)

    const lower = await putRecord(cairn, name, await signedRecord(key, VALUE, 4))
    expect(lower.status).toBe(409)
    expect((await lower.json()).error).toEqual({ name: 'StaleRecordError', message: expect.stringMatching(/sequence 4,.* older than the one held \(sequence 6/) })
    const expired = await putRecord(cairn, name, await signedRecord(key, VALUE, 7, { expiresAt: new Date(Date.now() - 60_000) }))
    expect(expired.status).toBe(400)
    expect((await expired.json()).error.message).toMatch(/EOL has passed/)

    const held = unmarshalIPNSRecord(new Uint8Array(await (await getRecord(cairn, name)).arrayBuffer()))
    expect({ value: held.value, sequence: held.sequence }).toEqual({ value: '/ipfs/bafkqadtwgiww63tmpeqhezldn5zgi', sequence: 6n })
    const kept = await (await api(cairn, 'GET', `/names/kept/${name}`)).json() as { sequence: string }
    expect(kept.sequence).toBe('6')
  })

  it('speaks the spec: Accept and Content-Type, token on PUT, CORS, bad names', async () => {
    const cairn = await startCairn()
    nodes = [cairn]
    const { key, name } = await outsideKey()
    const record = await signedRecord(key, VALUE, 1)
    const other = await outsideKey()

    expect((await putRecord(cairn, name, record, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401)
    expect((await putRecord(cairn, name, record, { 'content-type': 'application/octet-stream' })).status).toBe(406)
    // signed by another key than the name's
    const misnamed = await putRecord(cairn, other.name, record)
    expect(misnamed.status).toBe(400)
    expect((await putRecord(cairn, 'not-a-name', record)).status).toBe(400)
    expect((await putRecord(cairn, name, new Uint8Array(11 * 1024))).status).toBe(400)
    expect((await getRecord(cairn, name)).status).toBe(404)

    expect((await putRecord(cairn, name, record)).status).toBe(200)
    expect((await getRecord(cairn, name, 'application/json')).status).toBe(406)
    expect((await getRecord(cairn, name, `text/html, ${IPNS_RECORD_TYPE};q=0.9`)).status).toBe(200)
    expect((await getRecord(cairn, 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')).status).toBe(400)

    const preflight = await fetch(`${cairn.gatewayUrl}/routing/v1/ipns/${name}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET')
    expect((await getRecord(cairn, name)).headers.get('access-control-allow-origin')).toBe('*')
    // the PUT lives on the API, which a page on another origin may not call
    expect((await putRecord(cairn, name, record, { origin: 'https://example.org' })).status).toBe(403)
  })
})
