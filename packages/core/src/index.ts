/**
 * @strata/core: asset specs, partitions, partition mappings, the asset graph, selection,
 * staleness and the planner. Pure: no I/O, no clock, no environment.
 */
export * as AssetDefinition from "./AssetDefinition.ts"
export * as AssetGraph from "./AssetGraph.ts"
export * as AssetKey from "./AssetKey.ts"
export * as AssetSpec from "./AssetSpec.ts"
export * as Check from "./Check.ts"
export * as ColumnDoc from "./ColumnDoc.ts"
export { DefinitionError, type DefinitionErrorReason } from "./DefinitionError.ts"
export * as Layer from "./Layer.ts"
export { MaterializeError, type MaterializeErrorReason } from "./MaterializeError.ts"
export * as MinHeap from "./MinHeap.ts"
export * as Observation from "./Observation.ts"
export * as PartitionMapping from "./PartitionMapping.ts"
export * as PartitionRange from "./PartitionRange.ts"
export * as Partitions from "./Partitions.ts"
export * as Planner from "./Planner.ts"
export * as Selection from "./Selection.ts"
export * as Staleness from "./Staleness.ts"
export { inputsDigest } from "./Observation.ts"
export { partitionKeys, partitionPath } from "./Partitions.ts"
export { plan } from "./Planner.ts"
