export { AksCluster, AKS_CLUSTER_TYPE } from "./aks-cluster";
export * from "./args";
export { principalTypeOfToken } from "./deployer";
export { AZURE_FORCE_NEW } from "./force-new";
export { agentPoolName, agentPoolBase, agentPoolShape, planAgentPools, AGENT_POOL_NAME_PATTERN, CPU_OS_DISK_GB } from "./agent-pools-plan";
export type { AgentPoolShape, GpuPoolShape, PlannedAgentPool } from "./agent-pools-plan";
export { AUTOSCALER_PROFILE, EXPANDER_PRIORITY, PRIORITY_EXPANDER_CONFIGMAP, autoscalerProfile, expanderPriorities, scaleSetPattern } from "./autoscaler";
export type { AutoscalerProfile } from "./autoscaler";
export { kubeloginKubeconfig, kubeloginExec } from "./kubeconfig";
export { AKS_STORAGE_CLASSES } from "./storage";
export { AKS_MEMBER_KINDS, parseAksMember } from "./access-grants";
export type { AksMember, AksMemberKind } from "./access-grants";
export { blobPrefixCondition, directoryPrefix } from "./blob-condition";
export { WORKLOAD_IDENTITY } from "./tables";
export { checkIdentitySpec, checkMembers, checkRegistries, checkAccess } from "./validate-identity";
export {
  validateAksClusterArgs,
  checkTarget,
  checkApiAccess,
  checkKubernetesVersion,
  checkNetwork,
  checkSystemPool,
  checkPlanPools,
  checkAksOptions,
  checkAgentPoolNames,
} from "./validate";
