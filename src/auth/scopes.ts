/**
 * What a token may do. `admin` holds every scope; the others are disjoint,
 * like Pinata's and Filebase's key permissions: `read` reads content and node
 * state, `add` writes content, `pin` keeps it (Kubo pins and the Pinning
 * Service API), `names` manages keys and IPNS names, `metrics` reads the
 * Prometheus endpoint.
 */
export const SCOPES = ['read', 'add', 'pin', 'names', 'admin', 'metrics'] as const

export type Scope = typeof SCOPES[number]

/** Whether a token with `held` may act where `needed` is required. */
export function grants (held: readonly Scope[], needed: Scope): boolean {
  return held.includes('admin') || held.includes(needed)
}
