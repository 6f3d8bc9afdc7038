/**
 * How the service starts for its users: `npm start` and the image run this
 * module bundled (bundle/cairn.js, scripts/bundle.ts), and `cairn daemon`
 * comes here too. It turns on Node's compile cache before the service's
 * modules load, then loads the service: in a bundle, the service bundle for
 * the network profile asked for (the private one has none of the public
 * network stack); from source, ./main.ts.
 */
import { saveCompileCache, startCompileCache } from './start/compile-cache.ts'
import { requestedNetwork } from './start/requested-network.ts'
import type * as Main from './main.ts'

type Service = typeof Main

export async function startDaemon (argv: string[], usage: string): Promise<void> {
  startCompileCache()
  const service = import.meta.url.endsWith('.ts')
    ? await import('./main.ts')
    : await import(new URL(`./service-${requestedNetwork(process.env, argv)}.js`, import.meta.url).href) as Service
  await service.runDaemon(argv, usage)
  // once the service is up, most of what it runs has been compiled
  saveCompileCache()
}

if (import.meta.main) {
  await startDaemon(process.argv.slice(2), 'npm start -- [flags]')
}
