import { z } from 'zod'
import { PUBLISH_KEY_TYPE } from './constants.ts'
import type { CairnClient } from './client.ts'

export const kuboKey = z.object({ Name: z.string(), Id: z.string() })
export const kuboKeys = z.object({ Keys: z.array(kuboKey).nullable().transform(keys => keys ?? []) })

/** A name as `GET /api/v1/names` lists it. */
export const heldName = z.object({
  name: z.string(),
  kind: z.string(),
  key: z.string().nullable(),
  value: z.string(),
  sequence: z.string(),
  eol: z.string(),
  lastPublished: z.string().nullable(),
  lastError: z.string().nullable()
})
export const heldNames = z.object({ names: z.array(heldName) })

const publishedName = z.object({ name: z.string(), key: z.string(), value: z.string(), sequence: z.string(), peers: z.number() })

export interface SiteKey {
  /** The IPNS name: the key's id, `k51…`. */
  id: string
  created: boolean
}

/** The key `name`, generated (ed25519) when this is its first use. */
export async function ensureKey (client: CairnClient, name: string): Promise<SiteKey> {
  const { Keys } = await client.rpcJson('key/list', kuboKeys)
  const existing = Keys.find(key => key.Name === name)
  if (existing != null) {
    return { id: existing.Id, created: false }
  }
  const generated = await client.rpcJson('key/gen', kuboKey, { args: [name], query: { type: PUBLISH_KEY_TYPE } })
  return { id: generated.Id, created: true }
}

export interface PointedName {
  name: string
  value: string
  sequence: string
  /** False when the name already pointed at the value: nothing was signed. */
  updated: boolean
  /** Peers that took the new record; null when none was published. */
  peers: number | null
}

/**
 * Points the key's IPNS name at `value`, unless it already points there: a
 * publish signs a record with the next sequence number, and an unchanged
 * site should not make resolvers and caches fetch a new one. A node with no
 * peers still stores and serves the record (and republishes it when peers
 * come), so publishing does not fail offline.
 */
export async function pointName (client: CairnClient, key: string, value: string): Promise<PointedName> {
  const { names } = await client.getJson('/api/v1/names', heldNames)
  const current = names.find(held => held.kind === 'own' && held.key === key)
  if (current?.value === value) {
    return { name: current.name, value, sequence: current.sequence, updated: false, peers: null }
  }
  const published = await client.postJson('/api/v1/names', publishedName, { value, key, allowOffline: true })
  return { name: published.name, value: published.value, sequence: published.sequence, updated: true, peers: published.peers }
}
