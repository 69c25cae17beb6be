export * from "./eks-cluster";
export * from "./args";
export { eksClusterProblems, validateEksClusterArgs, checkApiAccess, checkCloud, checkKubernetesVersion, checkNameAndRegion, checkNetwork, checkOptions, checkIdentity } from "./validate";
export { checkGpuPools, checkSystemPool, checkBounds } from "./validate-pools";
export { AWS_CATALOG } from "./aws-catalog";
export type { AwsCatalog } from "./aws-catalog";
export { eksKubeconfig } from "./kubeconfig";
export { EKS_FORCE_NEW } from "./force-new";
export { nodeTemplateTags, EKS_TAINT_EFFECTS } from "./node-template";
export { STORAGE_CLASS_NAMES } from "./storage";
export { AWS_ACCELERATOR_LABEL, AWS_ACCELERATOR_VALUES, CLUSTER_AUTOSCALER_CHARTS, supportedKubernetesVersions } from "./tables";
export { subnetLayout } from "./subnets";
export {
  accessProblems,
  crossAccountPullPolicy,
  directoryPrefix,
  memberEntries,
  memberGroup,
  podIdentityTrustPolicy,
  registryWarnings,
  workloadRoleName,
  workloadStoragePolicy,
} from "./identity-policies";
export type { MemberEntry, PolicyDocument, PolicyStatement } from "./identity-policies";
export { WORKLOAD_POLICY_NAME } from "./identity";
