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
