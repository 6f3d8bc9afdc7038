import { identity } from 'multiformats/hashes/identity'
import { ContentNotFoundError, NotCachedError, RetrievalTimeoutError, UnsupportedContentError } from '../errors.ts'
import { withTimeout } from '../deadline.ts'
import type { PeerFetchSession } from '../retrieval/index.ts'
import type { Blocks } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export interface RetrievalOptions {
  /** Fail when one block does not arrive within this long. */
  blockTimeoutMs: number
  /** The request's signal: a client that goes away stops every fetch. */
  signal: AbortSignal
  /** The request's absolute time limit: when it passes, every fetch stops and the answer is a 504. */
  deadline?: AbortSignal
  /** `Cache-Control: only-if-cached`: no network I/O; a missing block is a NotCachedError. */
  onlyIfCached?: boolean
  /** The node's gateway serves local blocks only; a missing block is not found. */
  noFetch?: boolean
}

type BlockGetOptions = Parameters<Blockstore['get']>[1]
type PeerSession = Pick<PeerFetchSession, 'get' | 'consumed'>

/**
 * The blocks one gateway request reads, with its policy applied in one place:
 * identity CIDs answer from the CID itself (so `/ipfs/bafkqaaa` needs no I/O),
 * local-only requests never touch the network, and every block has its own
 * deadline. The deadline runs only while a block is awaited, so a slow reader
 * is never cut off, but content nobody sends fails in bounded time.
 */
export class Retrieval {
  readonly offline: boolean
  readonly blocks: Pick<Blockstore, 'get'>
  private readonly options: RetrievalOptions
  private readonly store: Pick<Blocks, 'get'>
  private readonly local: Pick<Blockstore, 'get' | 'has'>
  private readonly openPeers: ((signal: AbortSignal) => PeerSession) | undefined
  /** Opened at the first block this node lacks: most answers read only local blocks. */
  #peers: PeerSession | undefined
  #signal: AbortSignal | undefined

  /**
   * `local` is the blockstore itself, read first and without Helia's locks;
   * `peers`, when given, opens what fetches missing DAGs from Cairn peers' gateways
   * (src/retrieval/); `store` is Helia's, which fetches from bitswap peers
   * whatever is still missing.
   */
  constructor (stores: { local: Pick<Blockstore, 'get' | 'has'>, store: Pick<Blocks, 'get'>, peers?: (signal: AbortSignal) => PeerSession }, options: RetrievalOptions) {
    this.store = stores.store
    this.local = stores.local
    this.openPeers = stores.peers
    this.options = options
    this.offline = options.onlyIfCached === true || options.noFetch === true
    this.blocks = { get: (cid, opts) => this.get(cid, opts) }
  }

  /**
   * The request's signal and its deadline in one. Made when first asked for
   * (a network wait, a walk): AbortSignal.any costs ~10 µs, a sixth of a
   * small cached answer, which reads only local blocks.
   */
  get signal (): AbortSignal {
    this.#signal ??= this.options.deadline == null ? this.options.signal : AbortSignal.any([this.options.signal, this.options.deadline])
    return this.#signal
  }

  /** True when the block is here (identity blocks always are); never fetches. */
  async has (cid: CID): Promise<boolean> {
    return cid.multihash.code === identity.code || await this.local.has(cid, { signal: this.options.signal })
  }

  /** Reads one whole block through the same policy. */
  async block (cid: CID): Promise<Uint8Array> {
    const chunks: Uint8Array[] = []
    for await (const chunk of this.get(cid)) {
      chunks.push(chunk)
    }
    return chunks.length === 1 && chunks[0] != null ? chunks[0] : Buffer.concat(chunks)
  }

  private async * get (cid: CID, options?: BlockGetOptions): AsyncGenerator<Uint8Array> {
    if (cid.multihash.code === identity.code) {
      yield cid.multihash.digest
      return
    }
    const local = await this.readLocal(cid)
    if (local != null) {
      yield * local
      return
    }
    if (this.openPeers != null && !this.offline) {
      this.#peers ??= this.openPeers(this.signal)
      let answer
      try {
        answer = await this.#peers.get(cid)
      } catch (err) {
        throw this.explain(err, cid, this.signal)
      }
      const peerBlock = answer === 'local' ? await this.readLocal(cid) : answer
      if (peerBlock != null) {
        yield * (peerBlock instanceof Uint8Array ? [peerBlock] : peerBlock)
        return
      }
    }
    const signal = withTimeout(this.options.blockTimeoutMs, this.signal)
    try {
      yield * this.store.get(cid, { ...options, signal, offline: this.offline })
    } catch (err) {
      throw this.explain(err, cid, signal)
    }
  }

  /** The block's chunks when it is here (a block is small: read whole), undefined when it is not. */
  private async readLocal (cid: CID): Promise<Uint8Array[] | undefined> {
    try {
      // a local read is bounded by the disk; the client going away still stops it
      const chunks = await Array.fromAsync(this.local.get(cid, { signal: this.options.signal }))
      this.#peers?.consumed(cid)
      return chunks
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') {
        return undefined
      }
      throw err
    }
  }

  /** `blockSignal` is this block's wait: the request's signal with the retrieval timeout. */
  private explain (err: unknown, cid: CID, blockSignal: AbortSignal): unknown {
    if (this.options.deadline?.aborted === true && !this.options.signal.aborted) {
      return new RetrievalTimeoutError(`block ${cid.toString()} was still missing when the request reached its time limit (CAIRN_GATEWAY_MAX_REQUEST_MS)`)
    }
    if (this.signal.aborted) {
      return err
    }
    // the request's own signal is still live (above), so the block's wait ran out
    if (blockSignal.aborted) {
      return new RetrievalTimeoutError(`block ${cid.toString()} was not found locally or on the network within ${this.options.blockTimeoutMs} ms (CAIRN_GATEWAY_RETRIEVAL_TIMEOUT_MS)`)
    }
    if ((err as Error).name === 'BlockNotFoundWhileOfflineError' || (err as Error).name === 'NotFoundError') {
      return this.options.onlyIfCached === true
        ? new NotCachedError(`block ${cid.toString()} is not held by this gateway and only-if-cached forbids fetching it`)
        : new ContentNotFoundError(`block ${cid.toString()} is not held by this gateway, which serves local content only`)
    }
    return err
  }
}

/**
 * Turns what the UnixFS exporter throws about a content path into Cairn's
 * errors: a missing link is a 404 naming the path, an unknown codec a 400.
 */
export function explainPathError (err: unknown, what: string): unknown {
  switch ((err as Error).name) {
    case 'NotFoundError':
    case 'ERR_NOT_FOUND':
    case 'BadPathError':
      return new ContentNotFoundError(`${what}: no such path (${(err as Error).message})`)
    case 'NoResolverError':
    case 'NotUnixFSError':
      return new UnsupportedContentError(`${what}: ${(err as Error).message}`)
    default:
      return err
  }
}
