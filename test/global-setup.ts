import { buildBundles, isStale } from '../scripts/bundle.ts'

/** Specs spawn the service as `npm start` runs it, bundled: (re)build the bundle first if any source changed since. */
export async function setup (): Promise<void> {
  if (await isStale()) {
    await buildBundles()
  }
}
