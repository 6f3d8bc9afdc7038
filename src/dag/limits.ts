/**
 * Most blocks one DAG walk (`dag export`, the completeness check before a
 * pin) visits before it fails with LimitExceededError: a bound on DAGs that
 * are huge or hostile, and on the memory that remembers what was visited.
 *
 * @default 1_000_000
 */
export const MAX_DAG_BLOCKS = 1_000_000

/**
 * Blocks a walk loads ahead of the one it is on, so fetching a DAG from
 * peers is not one round trip per block. Also bounds the blocks held in
 * memory while they wait their turn.
 *
 * @default 8
 */
export const DAG_PREFETCH_BLOCKS = 8
