export interface Fetched { bytes: number, ms: number, stalled?: string }

/** Reads a `GET` to the end; a body cut short (B's gateway gave up on a block) is reported, not thrown. */
export async function fetchCounting (url: string): Promise<Fetched> {
  const started = performance.now()
  let bytes = 0
  try {
    const res = await fetch(url)
    if (!res.ok) {
      throw new Error(`HTTP ${res.status}`)
    }
    for await (const chunk of res.body ?? []) {
      bytes += (chunk as Uint8Array).byteLength
    }
    return { bytes, ms: performance.now() - started }
  } catch (err) {
    return { bytes, ms: performance.now() - started, stalled: (err as Error).message }
  }
}
