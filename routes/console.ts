import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { AppEnv } from './env.ts'

/**
 * Where `npm run build:console` writes the console (console/dist), found from
 * this module: `../console/dist` both from routes/ in the repository and from
 * the bundle this module is part of (bundle/, scripts/bundle.ts), locally and in the image.
 */
export const CONSOLE_DIR = fileURLToPath(new URL('../console/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2'
}

/**
 * The console's pages may call only this origin, or another Cairn API the
 * person points them at (its URL is theirs to choose, so it cannot be listed
 * here): `connect-src` allows any http(s) origin, and nothing else may load
 * from anywhere but here. The token never leaves for an origin the person
 * did not type in.
 */
const CSP = [
  'default-src \'self\'',
  'connect-src \'self\' http: https:',
  'img-src \'self\' data:',
  'object-src \'none\'',
  'base-uri \'none\'',
  'form-action \'none\'',
  'frame-ancestors \'none\''
].join('; ')

const PAGE_HEADERS = {
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer'
}

/**
 * `/webui/`: the web console (and `/`, which leads there), built from console/ and served from files.
 * The page is public (it holds nothing); everything it shows comes from the
 * token-protected API. Assets have content-hashed names, so they are cached
 * for good; index.html is revalidated so that an upgrade shows at once.
 */
export function consoleRoutes (dir: string = CONSOLE_DIR) {
  const page = async () => readFile(`${dir}index.html`).catch(() => undefined)
  return new Hono<AppEnv>()
    .get('/', (c) => c.redirect('/webui/', 302))
    .get('/webui', (c) => c.redirect('/webui/', 301))
    .get('/webui/', async (c) => {
      const html = await page()
      if (html == null) {
        return c.json({ error: { name: 'ConsoleNotBuilt', message: 'the web console is not built: run `npm run build:console`' } }, 503)
      }
      return c.body(html, 200, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' })
    })
    .get('/webui/assets/:file{[A-Za-z0-9_.-]+}', async (c) => {
      const file = c.req.param('file')
      const type = TYPES[extname(file)]
      const body = type == null ? undefined : await readFile(`${dir}assets/${file}`).catch(() => undefined)
      if (type == null || body == null) {
        return c.notFound()
      }
      return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
    })
}
