import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { uploadForm } from './fixtures/http.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** One sample's value from Prometheus' text format; 0 when the series is absent. */
function sample (text: string, series: string): number {
  const line = text.split('\n').find(l => l.startsWith(`${series} `))
  return line == null ? 0 : Number(line.slice(series.length + 1))
}

describe('Prometheus metrics at /debug/metrics/prometheus', () => {
  let cairn: TestCairn
  const scrape = async (headers: Record<string, string> = {}): Promise<string> => {
    const res = await fetch(`${cairn.apiUrl}/debug/metrics/prometheus`, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    return res.text()
  }

  beforeAll(async () => { cairn = await startCairn() })
  afterAll(async () => { await cairn.stop() })

  it('is readable from this host without a token, and lives on the API listener only', async () => {
    const text = await scrape()
    for (const family of ['http_server_request_duration_seconds', 'ipfs_http_gw_responses_total', 'cairn_connected_peers', 'cairn_storage_used_bytes',
      'cairn_storage_max_bytes', 'cairn_pin_requests_queued', 'cairn_remote_pins_in_flight', 'cairn_ipns_earliest_expiry_seconds',
      'cairn_gc_runs_total', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']) {
      expect(text, family).toContain(`# TYPE ${family} `)
    }
    expect((await fetch(`${cairn.gatewayUrl}/debug/metrics/prometheus`)).status).toBe(404)
  })

  it('moves the right series for an add and a gateway read', async () => {
    const before = await scrape()
    const content = 'counted\n'.repeat(1000)
    const added = await fetch(`${cairn.apiUrl}/api/v0/add?cid-version=1`, { method: 'POST', headers: cairn.auth, body: uploadForm('c.txt', content) })
    const { Hash } = await added.json() as { Hash: string }
    expect((await (await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}`)).text()).length).toBe(content.length)
    expect((await (await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}?format=car`)).arrayBuffer()).byteLength).toBeGreaterThan(content.length)
    const missing = await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}/missing`)
    expect(missing.status).toBe(404)
    await missing.text()
    // an answer is counted when its connection reports it sent, a moment after the client has read it
    let after = ''
    const delta = (series: string): number => sample(after, series) - sample(before, series)
    await expect.poll(async () => {
      after = await scrape()
      return delta('ipfs_http_gw_responses_total{code="404",format="unixfs"}')
    }).toBe(1)
    expect(delta('http_server_request_duration_seconds_count{listener="api",handler="/api/v0/add",method="POST",code="200"}')).toBe(1)
    expect(delta('http_server_request_duration_seconds_count{listener="gateway",handler="/ipfs/*",method="GET",code="200"}')).toBe(2)
    expect(delta('ipfs_http_gw_responses_total{code="200",format="unixfs"}')).toBe(1)
    expect(delta('ipfs_http_gw_responses_total{code="200",format="car"}')).toBe(1)
    expect(delta('ipfs_http_gw_responses_total{code="404",format="unixfs"}')).toBe(1)
    expect(delta('ipfs_http_gw_time_to_first_byte_seconds_count{format="unixfs"}')).toBe(2)
    expect(delta('ipfs_http_gw_served_bytes_total')).toBeGreaterThan(content.length)
    expect(delta('cairn_upload_bytes_total')).toBe(content.length)
    expect(delta('cairn_storage_used_bytes')).toBeGreaterThanOrEqual(content.length)
  })

  it('counts publishes, gc runs and IPNS expiry', async () => {
    const before = await scrape()
    const { cid } = await cairn.kubo.add('named\n')
    await cairn.kubo.name.publish(cid, { allowOffline: true })
    const gc = await fetch(`${cairn.apiUrl}/api/v0/repo/gc`, { method: 'POST', headers: cairn.auth })
    await gc.text()
    const after = await scrape()
    expect(sample(after, 'cairn_ipns_publishes_total') - sample(before, 'cairn_ipns_publishes_total')).toBe(1)
    const expiry = sample(after, 'cairn_ipns_earliest_expiry_seconds')
    expect(expiry).toBeGreaterThan(47 * 3600)
    expect(expiry).toBeLessThanOrEqual(48 * 3600)
  })

  it('needs a metrics-scoped token from elsewhere (a request forwarded by a trusted proxy counts as elsewhere)', async () => {
    const proxied = await startCairn({ env: { CAIRN_TRUST_PROXY: 'true' } })
    try {
      const forwarded = { 'x-forwarded-for': '203.0.113.9' }
      expect((await fetch(`${proxied.apiUrl}/debug/metrics/prometheus`, { headers: forwarded })).status).toBe(401)
      const reader = await fetch(`${proxied.apiUrl}/api/v1/tokens`, { method: 'POST', headers: { ...proxied.auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'reader', scopes: ['read'] }) })
      const scraper = await fetch(`${proxied.apiUrl}/api/v1/tokens`, { method: 'POST', headers: { ...proxied.auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'prometheus', scopes: ['metrics'] }) })
      const read = (await reader.json() as { secret: string }).secret
      const scrapeSecret = (await scraper.json() as { secret: string }).secret
      expect((await fetch(`${proxied.apiUrl}/debug/metrics/prometheus`, { headers: { ...forwarded, authorization: `Bearer ${read}` } })).status).toBe(403)
      expect((await fetch(`${proxied.apiUrl}/debug/metrics/prometheus`, { headers: { ...forwarded, authorization: `Bearer ${scrapeSecret}` } })).status).toBe(200)
    } finally {
      await proxied.stop()
    }
  })
})
