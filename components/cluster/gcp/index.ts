export { GkeCluster } from "./gke-cluster";
export * from "./args";
export {
  gkeClusterProblems,
  checkComponentName,
  checkProject,
  checkCloudAndRegion,
  checkApiAccess,
  checkNetwork,
  checkSystemPool,
  checkDriverVersion,
} from "./validate";
export { checkGpuPools, checkWorkerPools, checkSpotFallbacks } from "./validate-pools";
export type { GkeCheckInput } from "./validate";
export { GKE_CLUSTER_TYPE, DEFAULT_GPU_DRIVER_VERSION, GPU_DRIVER_VERSIONS } from "./gke-facts";
export type { GpuDriverVersion } from "./gke-facts";
export { carveRanges } from "./ranges";
export type { GkeRanges } from "./ranges";
export { GCP_FORCE_NEW } from "./force-new";
export { GKE_CLUSTER_IGNORE_CHANGES } from "./control-plane";
export { GKE_NODE_POOL_IGNORE_CHANGES } from "./node-pools";
export { gkePoolPlacement, gkeCpuPoolPlacement, gkePlacementFor, spotPairs } from "./placement";
export type { SpotPair } from "./placement";
export { computeClassSpec } from "./compute-class";
export type { ComputeClassSpec } from "./compute-class";
export { gkeKubeconfig, kubeconfigYaml } from "./kubeconfig";
export { GKE_STORAGE_CLASSES } from "./storage";
export { gcsGrants, folderPrefix } from "./gcs-access";
export type { GcsGrant } from "./gcs-access";
