import { multiaddr } from '@multiformats/multiaddr'

/** True when `value` parses as a multiaddr: what request and peer-message schemas check addresses with. */
export function isMultiaddrText (value: string): boolean {
  try {
    multiaddr(value)
    return true
  } catch {
    return false
  }
}
