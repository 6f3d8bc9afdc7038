/**
 * DAGs: Kubo's `dag import/export/get/put/resolve` over Helia.
 *
 * CARs stream in and out one block at a time. Every imported block is
 * checked against its CID before it is stored, and roots are pinned only
 * once every CAR of the request is in, offline, as Kubo does. Exports walk
 * the DAG depth-first in link order, each block once, so a CAR Kubo wrote is
 * written again byte for byte; the walk is bounded by MAX_DAG_BLOCKS.
 *
 * @example
 * ```ts
 * import { exportCar, importCars } from './dag/index.ts'
 *
 * for await (const event of importCars(node, [carBytes], { maxBytes, maxCars: 10 })) {
 *   if (event.type === 'root') console.log(event.cid.toString(), event.pinError || 'pinned')
 * }
 * const car = await exportCar(node.helia, root, { idleTimeoutMs: node.config.fetchTimeoutMs })
 * for await (const chunk of car) process.stdout.write(chunk)
 * ```
 */
export { dagCodecByName } from './codecs.ts'
export type { DagCodec } from './codecs.ts'
export { exportCar } from './export.ts'
export type { ExportOptions } from './export.ts'
export { dagGet } from './get.ts'
export { importCars } from './import.ts'
export type { CarImportEvent, CarImportOptions } from './import.ts'
export { DAG_PREFETCH_BLOCKS, MAX_DAG_BLOCKS } from './limits.ts'
export { pinDag } from './pin.ts'
export type { PinDagNode } from './pin.ts'
export { dagPutFormat, putDagNode, putDagNodes } from './put.ts'
export type { DagPutFormat, DagPutParams } from './put.ts'
export { resolveBlockPath, resolveContentPath, resolveDagPath } from './resolve.ts'
export type { ResolvedPath } from './resolve.ts'
export { dagStats } from './stat.ts'
export type { DagStat, DagStatSummary } from './stat.ts'
export { walkDag } from './walk.ts'
export type { DagBlock, MissingBlocks, VisitedBlock, WalkOptions, WalkSource, WalkStep } from './walk.ts'
