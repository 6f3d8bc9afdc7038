import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'
import type { BrowserContext } from 'playwright-core'

/** Debian's chromium package; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium'
const noChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium) to run the browser test`

// what a person sees: a listing in headless Chromium, a click into a subdirectory, a file
describe.skipIf(noChromium)('gateway in a browser', () => {
  let cairn: TestCairn
  let browser: BrowserContext
  let profile: string
  let root: string

  beforeAll(async () => {
    cairn = await startCairn()
    const added = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'site/notes.txt', content: 'top-level notes' },
      { path: 'site/docs/readme.txt', content: 'hello from cairn, inside docs' },
      { path: 'site/docs/guide/step-1.md', content: '# Step one' }
    ], { cidVersion: 1, wrapWithDirectory: false }))
    root = added.find(entry => entry.path === 'site')?.cid.toString() ?? ''
    profile = await mkdtemp(join(tmpdir(), 'cairn-chromium-'))
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await cairn?.stop()
    await rm(profile, { recursive: true, force: true })
  })

  it('opens a listing, clicks into a subdirectory, then opens a file', async () => {
    const page = await browser.newPage()
    const opened = await page.goto(`${cairn.gatewayUrl}/ipfs/${root}/`)
    expect(opened?.status()).toBe(200)
    await expect.poll(async () => page.title()).toBe(`/ipfs/${root}/`)
    expect(await page.locator('h1').innerText()).toBe(`Index of /ipfs/${root}`)
    expect(await page.locator('td.name a').allInnerTexts()).toEqual(['docs', 'notes.txt'])

    await Promise.all([page.waitForURL(`${cairn.gatewayUrl}/ipfs/${root}/docs/`), page.locator('td.name a', { hasText: 'docs' }).click()])
    expect(await page.locator('h1').innerText()).toBe(`Index of /ipfs/${root}/docs`)
    expect(await page.locator('td.name a').allInnerTexts()).toEqual(['..', 'guide', 'readme.txt'])
    expect(await page.locator('tr.directory td.name a').innerText()).toBe('guide')
    expect(await page.locator('tr.file td.size').first().innerText()).toBe('29 B')

    await Promise.all([page.waitForURL(`${cairn.gatewayUrl}/ipfs/${root}/docs/readme.txt`), page.locator('td.name a', { hasText: 'readme.txt' }).click()])
    expect(await page.locator('body').innerText()).toBe('hello from cairn, inside docs')

    await page.goBack()
    await Promise.all([page.waitForURL(`${cairn.gatewayUrl}/ipfs/${root}/`), page.locator('td.name a', { hasText: '..' }).click()])
    expect(await page.locator('td.name a').allInnerTexts()).toEqual(['docs', 'notes.txt'])
  })
})
