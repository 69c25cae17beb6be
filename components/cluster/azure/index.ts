export { AksCluster, AKS_CLUSTER_TYPE } from "./aks-cluster";
export * from "./args";
export { principalTypeOfToken } from "./deployer";
export { AZURE_FORCE_NEW } from "./force-new";
export { agentPoolName, agentPoolBase, planAgentPools, AGENT_POOL_NAME_PATTERN } from "./agent-pools-plan";
export type { GpuPoolShape, PlannedAgentPool } from "./agent-pools-plan";
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
