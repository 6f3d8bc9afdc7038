import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as dagPb from '@ipld/dag-pb'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { inlineDnsLink, ipfsLabel, unInlineDnsLink } from '../src/gateway/subdomain/labels.ts'
import { parseKeyId } from '../src/keys/key-id.ts'
import { startCairn } from './fixtures/cairn.ts'
import { CONFORMANCE_DIR, CONFORMANCE_SKIP_REASON, hasConformanceFixtures } from './fixtures/conformance.ts'
import { signedRecord } from './fixtures/names.ts'
import { rawRequest } from './fixtures/raw-http.ts'
import { importFixture } from './fixtures/trustless.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { RawAnswer } from './fixtures/raw-http.ts'

// gateway-conformance subdomain_gateway (IPFS and IPNS), as "direct HTTP": the gateway's address, the tested name in Host
describe('subdomain gateway', () => {
  let cairn: TestCairn
  let port = ''
  const links: Record<string, string> = {}
  let percentDir = ''

  /** GET with any Host; fetch() would not let a test choose it. */
  const get = async (host: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> =>
    rawRequest(cairn.gatewayUrl, path, { method, headers: { ...headers, host } })
  const at = (label: string, ns = 'ipfs'): string => `${label}.${ns}.localhost:${port}`

  beforeAll(async () => {
    cairn = await startCairn({ env: { CAIRN_GATEWAY_DOMAINS: 'localhost,example.com', CAIRN_TRUST_PROXY: 'true' } })
    port = new URL(cairn.gatewayUrl).port
    const car = await importFixture(cairn.service.node, 'subdomain_gateway/fixtures.car')
    const rootBlock = car.blocks.find(b => b.cid.equals(car.roots[0]))
    for (const link of dagPb.decode(rootBlock?.bytes ?? new Uint8Array()).Links) {
      links[link.Name ?? ''] = link.Hash.toString()
    }
    percentDir = (await importFixture(cairn.service.node, 'path_gateway_unixfs/dir-with-percent-encoded-filename.car')).roots[0]?.toString() ?? ''
  })
  afterAll(async () => { await cairn.stop() })

  describe('/ipfs/ on a gateway domain moves to the content origin', () => {
    it('redirects a CIDv1 and a directory, keeping the path as sent', async () => {
      expect(await get(`localhost:${port}`, `/ipfs/${links['hello-CIDv1']}/`)).toMatchObject({ status: 301, location: `http://${at(links['hello-CIDv1'] ?? '')}/` })
      expect((await get(`localhost:${port}`, `/ipfs/${links.testdirlisting}`)).location).toBe(`http://${at(links.testdirlisting ?? '')}/`)
      const encoded = '/Portugal%252C+Espa%C3%B1a=Peninsula%20Ib%C3%A9rica.txt'
      expect((await get(`localhost:${port}`, `/ipfs/${percentDir}${encoded}?x=1`)).location).toBe(`http://${at(percentDir)}${encoded}?x=1`)
    })

    it('writes a CIDv0 as CIDv1 in base32', async () => {
      expect(await get(`localhost:${port}`, `/ipfs/${links['hello-CIDv0']}/`)).toMatchObject({ status: 301, location: `http://${at(links['hello-CIDv0to1'] ?? '')}/` })
    })

    it('follows X-Forwarded-Proto and X-Forwarded-Host; other hosts are not redirected', async () => {
      const cid = links['hello-CIDv1'] ?? ''
      expect((await get(`localhost:${port}`, `/ipfs/${cid}/`, { 'x-forwarded-proto': 'https' })).location).toBe(`https://${at(cid)}/`)
      expect((await get('fake.domain.com', `/ipfs/${cid}`)).status).toBe(200)
      expect((await get('fake.domain.com', `/ipfs/${cid}`, { 'x-forwarded-host': `localhost:${port}` })).location).toBe(`http://${at(cid)}/`)
      expect((await get('fake.domain.com', `/ipfs/${cid}`, { 'x-forwarded-host': `localhost:${port}`, 'x-forwarded-proto': 'https' })).location).toBe(`https://${at(cid)}/`)
      expect((await get(`127.0.0.1:${port}`, `/ipfs/${cid}`)).body).toBe('hello\n')
    })

    it('refuses a CID too long for a DNS label, on the path and on a subdomain', async () => {
      const tooLong = links['hello-CIDv1_TOO_LONG'] ?? ''
      for (const answer of [await get(`localhost:${port}`, `/ipfs/${tooLong}`), await get(at(tooLong), '/')]) {
        expect(answer.status).toBe(400)
        expect(answer.body).toContain('CID incompatible with DNS label length limit of 63')
      }
    })

    it('leaves an invalid CID to the path gateway, whose error names it', async () => {
      const answer = await get(`localhost:${port}`, '/ipfs/QmInvalidCID')
      expect(answer.status).toBe(400)
      expect(answer.body).toContain('invalid path "/ipfs/QmInvalidCID"')
    })
  })

  describe('<cid>.ipfs.<domain> serves the content root', () => {
    it('serves a file at the root of its origin', async () => {
      expect(await get(at(links['hello-CIDv1'] ?? ''), '/')).toMatchObject({ status: 200, body: 'hello\n' })
    })

    it('reads every path below the root, /ipfs/ included, as a path in the content', async () => {
      const dir = at(links.testdirlisting ?? '')
      expect((await get(at(links['hello-CIDv1'] ?? ''), `/ipfs/${links['hello-CIDv1']}`)).status).toBe(404)
      expect(await get(dir, '/ipfs/file.txt')).toMatchObject({ status: 200, body: 'I am a txt file\n' })
      expect(await get(dir, '/ipfs/ipns/bar')).toMatchObject({ status: 200, body: 'text-file-content\n' })
      // not the RPC API: no token asked, just a path the content lacks
      expect((await get(dir, '/api/v0/id', {}, 'GET')).status).toBe(404)
    })

    it('links a listing within its origin', async () => {
      const listing = await get(at(links.testdirlisting ?? ''), '/')
      expect(listing.body).toContain('<a href="/hello">hello</a>')
      expect(listing.body).toContain('<a href="/ipfs">ipfs</a>')
      // breadcrumbs name the content path, on the path gateway
      expect(listing.body).toContain(`/ipfs/<a href="//localhost:${port}/ipfs/${links.testdirlisting ?? ''}">`)
      expect(listing.body).toContain(`href="//localhost:${port}/ipfs/${links.hello ?? links['hello-CIDv1'] ?? ''}?filename=hello"`)
      expect((await get(at(links.testdirlisting ?? ''), '/ipfs/ipns/')).body).toContain('<a href="/ipfs/ipns/bar">bar</a>')
    })

    it('redirects a label that is not CIDv1 base32 to the one that is, and refuses writes', async () => {
      const v1 = CID.parse(links['hello-CIDv1'] ?? '')
      expect((await get(at(v1.toString(base36)), '/x?y=1')).location).toBe(`http://${at(v1.toString())}/x?y=1`)
      expect((await get(at(v1.toString()), '/', {}, 'POST')).status).toBe(405)
    })
  })

  describe('IPNS names', () => {
    /** The suite's records (an Ed25519 and an RSA name, both to a file of `hello`), when its fixtures are here. */
    const conformanceRecords = ['12D3KooWLQzUv2FHWGVPXTXSZpdHs7oHbXub2G5WC8Tx4NQhyd2d', 'QmVujd5Vb7moysJj8itnGufN7MEtPRCNHkKpNuA4onsRa3']
    const keyTypes = ['Ed25519', 'RSA'] as const
    /** The peer ID of a name this test signs, per key type. */
    const signed: Record<string, string> = {}
    const keyLabel = (id: string): string => CID.createV1(0x72, parseKeyId(id)).toString(base36)
    const accept = async (id: string, record: Uint8Array): Promise<void> => { await cairn.service.node.names.accept(keyLabel(id), record) }

    beforeAll(async () => {
      for (const type of keyTypes) {
        const key = type === 'RSA' ? await generateKeyPair('RSA', 2048) : await generateKeyPair(type)
        signed[type] = peerIdFromPrivateKey(key).toString()
        await accept(signed[type], await signedRecord(key, `/ipfs/${links['hello-CIDv1'] ?? ''}`, 1))
      }
      for (const id of hasConformanceFixtures ? conformanceRecords : []) {
        await accept(id, new Uint8Array(await readFile(join(CONFORMANCE_DIR, 'subdomain_gateway', `${id}.ipns-record`))))
      }
    })

    const movesAndServes = async (id: string): Promise<void> => {
      expect(await get(`localhost:${port}`, `/ipns/${id}`)).toMatchObject({ status: 301, location: `http://${at(keyLabel(id), 'ipns')}/` })
      expect(await get(at(keyLabel(id), 'ipns'), '/')).toMatchObject({ status: 200, body: 'hello\n' })
      const dagPbLabel = CID.createV1(0x70, parseKeyId(id)).toString(base36)
      expect((await get(at(dagPbLabel, 'ipns'), '/')).location).toBe(`http://${at(keyLabel(id), 'ipns')}/`)
    }

    it.each(keyTypes)('moves /ipns/<an %s name> to its libp2p-key label and serves the name there', async (type) => {
      await movesAndServes(signed[type] ?? '')
    })

    it.skipIf(!hasConformanceFixtures).each(conformanceRecords)(`does the same for the conformance record of %s${hasConformanceFixtures ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, async (id) => {
      await movesAndServes(id)
    })

    it('moves a DNSLink name to its inlined label', async () => {
      expect((await get(`localhost:${port}`, '/ipns/en.wikipedia-on-ipfs.example.org/wiki/', { 'x-forwarded-proto': 'https' })).location)
        .toBe(`https://en-wikipedia--on--ipfs-example-org.ipns.localhost:${port}/wiki/`)
    })
  })
})

describe('subdomain gateway labels and configuration', () => {
  it('falls back to base36 when base32 is too long for a DNS label, and refuses what fits in neither', () => {
    // a sha2-512 CIDv1 is 110 characters in base32 and 105 in base36: neither fits
    expect(() => ipfsLabel(CID.parse('bafkrgqhhyivzstcz3hhswshfjgy6ertgmnqeleynhwt4dlfsthi4hn7zgh4uvlsb5xncykzapi3ocd4lzogukir6ksdy6wzrnz6ohnv4aglcs')))
      .toThrow('CID incompatible with DNS label length limit of 63')
    expect(ipfsLabel(CID.parse('QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN'))).toBe('bafybeiffndsajwhk3lwjewwdxqntmjm4b5wxaaanokonsggenkbw6slwk4')
  })

  it('inlines DNSLink names into one label and back', () => {
    expect(inlineDnsLink('en.wikipedia-on-ipfs.org')).toBe('en-wikipedia--on--ipfs-org')
    expect(unInlineDnsLink('en-wikipedia--on--ipfs-org')).toBe('en.wikipedia-on-ipfs.org')
  })

  it('reads CAIRN_GATEWAY_DOMAINS as a lower-cased list and refuses what is not a domain', () => {
    expect(parseConfig({ CAIRN_GATEWAY_DOMAINS: 'LocalHost, dweb.example.org' }).gatewayDomains).toEqual(['localhost', 'dweb.example.org'])
    expect(parseConfig({}).gatewayDomains).toEqual([])
    expect(() => parseConfig({ CAIRN_GATEWAY_DOMAINS: 'localhost,http://x' })).toThrow(/CAIRN_GATEWAY_DOMAINS.*"http:\/\/x" is not a domain name/)
  })
})
