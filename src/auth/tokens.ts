import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { Key } from 'interface-datastore'
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from '../errors.ts'
import type { Scope } from './scopes.ts'
import type { Datastore } from 'interface-datastore'

/** What is known of a token, without its secret. */
export interface TokenInfo {
  id: string
  name: string
  scopes: Scope[]
  /** Path prefixes the token may call (Kubo's `AllowedPaths`); absent: any path its scopes allow. */
  paths?: string[]
  createdAt: string
  /** ISO time after which the token is refused; absent: it does not expire. */
  expiresAt?: string
  /** The configured token (CAIRN_API_TOKEN or the data directory's api-token): always admin, never revoked here. */
  builtin?: boolean
}

export interface NewToken {
  name: string
  scopes: Scope[]
  paths?: string[]
  expiresAt?: Date
}

export type Verdict =
  | { ok: true, token: TokenInfo }
  | { ok: false, reason: 'unknown' | 'expired', token?: TokenInfo }

interface Stored extends TokenInfo {
  /** sha256 of the secret, hex: the secret itself is shown once and never kept. */
  hash: string
}

const PREFIX = '/cairn/auth/tokens'
const SECRET_PREFIX = 'cairn_'
const SECRET_BYTES = 32
const BUILTIN_ID = 'admin'

/**
 * Named API tokens with scopes, optional path prefixes and an expiry,
 * stored hashed in the datastore (Kubo's `API.Authorizations`, made
 * revocable at run time). The configured token is one of them, with every
 * scope. Lookups are by the secret's hash, held in memory, so checking a
 * request costs one hash and one map read.
 */
export class Tokens {
  readonly #datastore: Datastore
  readonly #byHash = new Map<string, Stored>()

  private constructor (datastore: Datastore) {
    this.#datastore = datastore
  }

  /** Loads every stored token; `builtinSecret` is the configured token, `admin` by name. */
  static async open (datastore: Datastore, builtinSecret: string, options: { signal?: AbortSignal } = {}): Promise<Tokens> {
    const tokens = new Tokens(datastore)
    for await (const { value } of datastore.query({ prefix: PREFIX }, options)) {
      const stored = JSON.parse(new TextDecoder().decode(value)) as Stored
      tokens.#byHash.set(stored.hash, stored)
    }
    tokens.#byHash.set(hash(builtinSecret), {
      id: BUILTIN_ID,
      name: BUILTIN_ID,
      scopes: ['admin'],
      createdAt: new Date(0).toISOString(),
      builtin: true,
      hash: hash(builtinSecret)
    })
    return tokens
  }

  /** Creates a token; its secret is in the answer and nowhere else. */
  async create (init: NewToken, options: { signal?: AbortSignal } = {}): Promise<{ token: TokenInfo, secret: string }> {
    if ([...this.#byHash.values()].some(t => t.name === init.name)) {
      throw new AlreadyExistsError(`a token named "${init.name}" exists`)
    }
    if (init.expiresAt != null && init.expiresAt.getTime() <= Date.now()) {
      throw new InvalidArgumentError('expiresAt must be in the future')
    }
    const id = randomBytes(8).toString('hex')
    const secret = `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`
    const stored: Stored = {
      id,
      name: init.name,
      scopes: [...new Set(init.scopes)],
      ...(init.paths == null ? {} : { paths: init.paths }),
      createdAt: new Date().toISOString(),
      ...(init.expiresAt == null ? {} : { expiresAt: init.expiresAt.toISOString() }),
      hash: hash(secret)
    }
    await this.#datastore.put(new Key(`${PREFIX}/${id}`), new TextEncoder().encode(JSON.stringify(stored)), options)
    this.#byHash.set(stored.hash, stored)
    return { token: info(stored), secret }
  }

  list (): TokenInfo[] {
    return [...this.#byHash.values()].map(info).toSorted((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Revokes at once: the next request with its secret is refused. */
  async revoke (id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const stored = [...this.#byHash.values()].find(t => t.id === id)
    if (stored == null) {
      throw new NotFoundError(`no token with id "${id}"`)
    }
    if (stored.builtin === true) {
      throw new InvalidArgumentError('the configured token cannot be revoked here: change CAIRN_API_TOKEN or the api-token file')
    }
    this.#byHash.delete(stored.hash)
    await this.#datastore.delete(new Key(`${PREFIX}/${id}`), options)
  }

  verify (secret: string): Verdict {
    const digest = hash(secret)
    const stored = this.#byHash.get(digest)
    // the map is keyed by the digest; comparing again in constant time costs nothing and closes the question
    if (stored == null || !timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(digest, 'hex'))) {
      return { ok: false, reason: 'unknown' }
    }
    if (stored.expiresAt != null && Date.parse(stored.expiresAt) <= Date.now()) {
      return { ok: false, reason: 'expired', token: info(stored) }
    }
    return { ok: true, token: info(stored) }
  }
}

function hash (secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

function info ({ hash: _hash, ...token }: Stored): TokenInfo {
  return token
}
