import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create } from 'kubo-rpc-client'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keptDataDirs, testEnv } from '../../test/fixtures/cairn.ts'
import { spawnCairn, waitForListening } from '../../test/fixtures/process.ts'
import type { CairnProcess } from '../../test/fixtures/process.ts'
import type { BrowserContext, Page } from 'playwright-core'

/** Debian's chromium package; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium'
const noChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium) to run the browser test`
/** Screenshots for the README, written by this run. */
const SHOTS = new URL('../../docs/console/', import.meta.url)

const FOLDER: Record<string, string> = {
  'index.html': '<h1>Field notes</h1>',
  'notes/day-1.txt': 'rain all morning\n',
  'notes/day-2.txt': 'cleared by noon\n',
  'img/map.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>'
}

// a person's path through the console in headless Chromium, against a real `npm start` process
describe.skipIf(noChromium)('web console in a browser', () => {
  const dirs = keptDataDirs()
  let proc: CairnProcess
  let browser: BrowserContext
  let page: Page
  let apiUrl: string
  let gatewayUrl: string
  let token: string
  let consoleUrl: string
  let work: string
  const requests: string[] = []
  const problems: string[] = []

  beforeAll(async () => {
    // the console as this checkout's sources make it, not a stale build
    await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' })
    proc = spawnCairn(testEnv(await dirs.make(), { CAIRN_LOG_LEVEL: 'info' }))
    ;({ apiUrl, gatewayUrl } = await waitForListening(proc))
    const line = proc.output.find(l => l.includes('console: '))
    consoleUrl = /console: (\S+?)"/.exec(line ?? '')?.[1] ?? ''
    token = new URL(consoleUrl).hash.replace('#token=', '')
    work = await mkdtemp(join(tmpdir(), 'cairn-console-'))
    browser = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
    await mkdir(SHOTS, { recursive: true })
    page = await browser.newPage()
    page.on('request', request => requests.push(request.url()))
    page.on('console', message => { if (message.type() === 'error') problems.push(message.text()) })
    page.on('pageerror', err => problems.push(err.message))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    proc?.child.kill('SIGTERM')
    await proc?.exited
    await dirs.removeAll()
    await rm(work, { recursive: true, force: true })
  })

  it('logs a one-click URL with the token in the fragment only, and / leads to the console', async () => {
    expect(consoleUrl).toBe(`${apiUrl}/webui/#token=${token}`)
    expect(token.length).toBeGreaterThan(20)
    const root = await fetch(`${apiUrl}/`, { redirect: 'manual' })
    expect(root.headers.get('location')).toBe('/webui/')
    const html = await fetch(`${apiUrl}/webui/`)
    expect(html.headers.get('content-security-policy')).toContain('default-src \'self\'')
  })

  it('refuses a wrong token with a clear message', async () => {
    await page.goto(`${apiUrl}/webui/`)
    await page.getByLabel('API token').fill('not-the-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(async () => page.getByRole('alert').innerText()).toMatch(/did not accept this token/)
    await page.screenshot({ path: new URL('sign-in.png', SHOTS).pathname })
    // Chromium logs the refused request itself; that one error is expected here, no other
    expect(problems.every(p => p.includes('status of 401'))).toBe(true)
    problems.length = 0
  })

  it('signs in with the logged URL, which leaves no token in the address bar', async () => {
    await page.goto(consoleUrl)
    await page.getByRole('heading', { name: 'Publish' }).waitFor()
    expect(page.url()).not.toContain(token)
    expect(await page.evaluate(() => sessionStorage.getItem('cairn.session'))).toContain(token)
  })

  it('publishes a folder, showing the CID /api/v0/add gives for the same files, and its gateway link serves it', async () => {
    const folder = join(work, 'field-notes')
    for (const [path, content] of Object.entries(FOLDER)) {
      await mkdir(join(folder, path, '..'), { recursive: true })
      await writeFile(join(folder, path), content)
    }
    await page.getByLabel('Pin name').fill('field notes')
    await page.locator('#pick-folder').setInputFiles(folder)
    await expect.poll(async () => page.locator('.chosen').innerText()).toMatch(/4 files/)
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    const shown = await page.locator('code.cid').innerText()

    const kubo = create({ url: `${apiUrl}/api/v0`, headers: { authorization: `Bearer ${token}` } })
    const entries = await Promise.all(Object.keys(FOLDER).map(async path => ({ path: `field-notes/${path}`, content: await readFile(join(folder, path)) })))
    const added = await Array.fromAsync(kubo.addAll(entries, { cidVersion: 1, rawLeaves: true, pin: false }))
    expect(shown).toBe(added.find(entry => entry.path === 'field-notes')?.cid.toString())
    await page.screenshot({ path: new URL('publish.png', SHOTS).pathname, fullPage: true })

    const link = page.locator('a.gateway-path')
    expect(await link.getAttribute('href')).toBe(`${gatewayUrl}/ipfs/${shown}/`)
    const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()])
    await opened.waitForLoadState()
    expect(await opened.locator('h1').first().innerText()).toBe('Field notes')
    await opened.close()
  })

  it('lists the new pin, then unpins it after confirmation', async () => {
    await page.getByRole('link', { name: 'Pins' }).click()
    const row = page.locator('tbody tr', { hasText: 'field notes' })
    await row.waitFor()
    await page.screenshot({ path: new URL('pins.png', SHOTS).pathname, fullPage: true })
    await row.getByRole('button', { name: /Unpin/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await row.count()).toBe(1)
    await row.getByRole('button', { name: /Unpin/ }).click()
    await dialog.getByRole('button', { name: 'Unpin' }).click()
    await expect.poll(async () => row.count()).toBe(0)
    const listed = await fetch(`${apiUrl}/api/v1/pins?q=field`, { headers: { authorization: `Bearer ${token}` } })
    expect((await listed.json() as { pins: unknown[] }).pins).toEqual([])
  })

  it('publishes a name with a new key', async () => {
    await page.getByRole('link', { name: 'Names' }).click()
    await page.getByLabel('New key name').fill('blog')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.locator('table.keys td', { hasText: /^blog$/ }).waitFor()
    await page.getByLabel('Key', { exact: true }).selectOption('blog')
    const { cid } = await create({ url: `${apiUrl}/api/v0`, headers: { authorization: `Bearer ${token}` } }).add('hello, names\n')
    await page.getByLabel('CID or path').fill(`/ipfs/${cid.toString()}`)
    await page.getByRole('button', { name: 'Publish name' }).click()
    await expect.poll(async () => page.locator('.published-name').innerText()).toContain(`/ipfs/${cid.toString()}`)
    await page.locator('table.own-names tbody tr', { hasText: 'blog' }).waitFor()
    await page.screenshot({ path: new URL('names.png', SHOTS).pathname, fullPage: true })
  })

  it('finds a pin made public, and opens it through the gateway', async () => {
    const kubo = create({ url: `${apiUrl}/api/v0`, headers: { authorization: `Bearer ${token}` } })
    const { cid } = await kubo.add('the heron came back to the marsh\n', { pin: false, cidVersion: 1 })
    // Kubo's pin/add with Cairn's `public` extension: the pin enters the search catalog
    const pinned = await fetch(`${apiUrl}/api/v0/pin/add?arg=${cid.toString()}&name=marsh-log&public=true&keywords=heron,wetland`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(pinned.status).toBe(200)
    await page.getByRole('link', { name: 'Search' }).click()
    await page.getByLabel('Words').fill('heron')
    await page.getByRole('button', { name: 'Search' }).click()
    const row = page.locator('tbody tr', { hasText: 'marsh-log' })
    await row.waitFor()
    expect(await row.innerText()).toContain('this node')
    expect(await row.getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(`${new URL(gatewayUrl).origin}/ipfs/${cid.toString()}/`)
    expect(await (await fetch(`${gatewayUrl}/ipfs/${cid.toString()}`)).text()).toBe('the heron came back to the marsh\n')
    await page.screenshot({ path: new URL('search.png', SHOTS).pathname, fullPage: true })
  })

  it('shows the node, and collects garbage', async () => {
    await page.getByRole('link', { name: 'Node' }).click()
    const peerId = (await (await fetch(`${apiUrl}/readyz`)).json() as { peerId: string }).peerId
    expect(await page.locator('code.peer-id').innerText()).toBe(peerId)
    await page.getByRole('button', { name: 'Collect garbage' }).click()
    await expect.poll(async () => page.locator('.gc-result').innerText()).toMatch(/removed \d+ blocks/)
    await page.screenshot({ path: new URL('node.png', SHOTS).pathname, fullPage: true })
  })

  it('made no request beyond loopback and logged no error', () => {
    expect(requests.length).toBeGreaterThan(5)
    expect(requests.filter(url => !['127.0.0.1', 'localhost'].includes(new URL(url).hostname))).toEqual([])
    expect(problems).toEqual([])
  })
})
