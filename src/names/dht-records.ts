import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'

/**
 * What a Kademlia DHT needs to accept and rank `/ipns/` records. Without a
 * validator for the `ipns` namespace DHT servers refuse every IPNS put and
 * get, and @helia/ipns only installs one when it can see libp2p's services,
 * which Cairn's explicit composition does not show it.
 */
export const IPNS_DHT_VALIDATORS = { ipns: ipnsValidator }

/** Picks the best of several records for one name: highest sequence, then latest EOL. */
export const IPNS_DHT_SELECTORS = { ipns: ipnsSelector }
