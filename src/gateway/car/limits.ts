/**
 * Most blocks one trustless CAR response carries before it fails with
 * LimitExceededError: a bound on DAGs that are huge or hostile (with
 * `dups=y`, shared subtrees are sent as often as they are linked), and on the
 * memory that remembers which blocks were sent.
 *
 * @default 1_000_000
 */
export const MAX_CAR_BLOCKS = 1_000_000

/**
 * Blocks the CAR walk loads ahead of the one it sends, so fetching a DAG
 * from peers is not one round trip per block.
 *
 * @default 8
 */
export const CAR_PREFETCH_BLOCKS = 8
