/**
 * Blocks: Kubo's `block put/get/stat/rm` over Helia's blockstore.
 *
 * A block is bytes under a CID; nothing here decodes them. Reads go to peers
 * for what this node lacks, bounded by an idle timeout; writes are limited
 * to Kubo's 1 MiB unless `allowBigBlock` is set.
 *
 * @example
 * ```ts
 * import { blockPrefix, getBlock, putBlock, removeBlocks } from './blocks/index.ts'
 *
 * const prefix = blockPrefix({ cidCodec: 'dag-cbor', mhtype: 'sha2-512' })
 * const { cid, size } = await putBlock(node, [bytes], prefix)
 * const same = await getBlock(node.helia, cid, { idleTimeoutMs: node.config.fetchTimeoutMs })
 * for await (const removed of removeBlocks(node.helia, [cid])) {
 *   console.log(removed.cid.toString(), removed.error ?? 'removed')
 * }
 * ```
 */
export { codecCode, hasherByName, verifyBlock, MAX_IDENTITY_DIGEST_BYTES } from './formats.ts'
export { getBlock, statBlock } from './get.ts'
export type { BlockStat, GetBlockOptions } from './get.ts'
export { MAX_BIG_BLOCK_BYTES, MAX_BLOCK_BYTES } from './limits.ts'
export { blockCid, blockPrefix, putBlock, putBlocks } from './put.ts'
export type { BlockPrefix, BlockPutParams, PutBlockResult } from './put.ts'
export { removeBlocks } from './rm.ts'
export type { RemovedBlock, RemoveBlocksOptions } from './rm.ts'
