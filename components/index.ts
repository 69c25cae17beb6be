/**
 * ml-clusters: GPU Kubernetes on EKS, GKE or AKS from one platform spec. The npm entry point.
 * Each layer is also importable on its own: `ml-clusters/catalog`, `/spec`, `/capacity`,
 * `/cluster`, `/k8s`.
 */
export { MlPlatform, secretConfigKeys } from "./platform";
export type { MlPlatformArgs } from "./platform";
export { readCapacityLock, stackLockFile } from "./stack-files";
export { BadInputError } from "./bad-input";

export * from "./catalog";
export * from "./spec";
export * from "./capacity";
export * from "./k8s";
export {
  createCluster,
  EksCluster,
  GkeCluster,
  AksCluster,
  FakeCluster,
  GPU_TAINT,
  GPU_MODEL_LABEL,
  POOL_LABEL,
  poolPlacement,
  tolerationsFor,
} from "./cluster";
export type {
  ClusterArgs,
  ClusterContract,
  ClusterFactory,
  EksClusterArgs,
  GkeClusterArgs,
  AksClusterArgs,
  FakeClusterArgs,
  NodeTaint,
  PoolPlacement,
  StorageClassNames,
  SystemPlacement,
  Toleration,
} from "./cluster";
