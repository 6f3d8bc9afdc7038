import type { Scope } from '../../src/auth/scopes.ts'

/**
 * The scope each API path needs, first match wins. Reading content and node
 * state is `read`; writing content `add`; pins `pin`; keys and names
 * `names`; exporting a private key, changing the swarm, removing blocks,
 * collecting garbage, stopping the node and managing tokens `admin`. A path
 * this table does not name needs `admin`: a new route is closed until it is
 * placed here.
 */
const RULES: Array<[RegExp, Scope]> = [
  [/^\/debug\/metrics\/prometheus$/, 'metrics'],
  [/^\/api\/v0\/key\/export$/, 'admin'],
  [/^\/api\/v0\/(add|block\/put|dag\/put|dag\/import)$/, 'add'],
  [/^\/api\/v0\/pin(\/|$)/, 'pin'],
  [/^\/pins(\/|$)/, 'pin'],
  [/^\/api\/v0\/(key|name)(\/|$)/, 'names'],
  [/^\/api\/v0\/routing\/put$/, 'names'],
  [/^\/api\/v1\/names(\/|$)/, 'names'],
  [/^\/routing\/v1\/ipns\//, 'names'],
  [/^\/api\/v0\/(cat|get|ls|id|version|refs|refs\/local|resolve|block\/get|block\/stat|dag\/get|dag\/export|dag\/resolve|dag\/stat|repo\/stat|repo\/version|swarm\/peers|swarm\/addrs(\/local)?|routing\/findprovs|routing\/findpeer|routing\/get)$/, 'read'],
  [/^\/api\/v0\/stats\//, 'read'],
  [/^\/api\/v1\/(node|search|pins)(\/|$)/, 'read']
]

export function requiredScope (path: string): Scope {
  return RULES.find(([pattern]) => pattern.test(path))?.[1] ?? 'admin'
}
