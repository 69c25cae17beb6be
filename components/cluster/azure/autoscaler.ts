/**
 * AKS's built-in cluster autoscaler: its cluster-wide profile, and the priority expander that
 * makes it grow a spot pool before that pool's on-demand fallback.
 *
 * How spot falls back on AKS. A pod of a spot workload may land on the spot pool or its fallback
 * (node affinity on the pool label over both, contract.ts defaultPlacementFor), so when it is
 * pending both node groups can take it and the expander picks one. With `expander: priority` the
 * autoscaler reads the `cluster-autoscaler-priority-expander` ConfigMap in kube-system and picks
 * the matching group of the highest priority (AKS blog "Scaling Safely with Azure AKS Spot Node
 * Pools Using Cluster Autoscaler Priority Expander", 2025-07-17, Azure/AKS website/blog; the
 * expander: kubernetes/autoscaler cluster-autoscaler/expander/priority/priority.go, read 2026-12).
 * When Azure cannot allocate the Spot VM, the VM ends in provisioning state Failed and the
 * autoscaler's Azure provider reports it as an out-of-resources error
 * (cluster-autoscaler/cloudprovider/azure/azure_scale_set.go, "provisioning-state-failed"); the
 * autoscaler then backs the spot group off (5 minutes at first, longer after each failure; upstream
 * clusterstate) and the next loop (every 10 s, AKS's scan-interval) grows the fallback. That takes as long as Azure takes to fail the
 * allocation plus the provider's instance cache refresh: one to a few minutes. Only a Spot VM that
 * neither fails nor registers holds the fallback back for the whole `maxNodeProvisionTime` (25 min,
 * below), after which the autoscaler gives up on it ("Nodes added to group %s failed to register
 * within", cluster-autoscaler/clusterstate/clusterstate.go) and backs the group off all the same.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type { PlannedAgentPool } from "./agent-pools-plan";

/**
 * The ConfigMap the priority expander reads: this name, in the autoscaler's namespace, which on AKS
 * is kube-system, under the key `priorities` (priority.go PriorityConfigMapName, ConfigMapKey; the
 * AKS blog above).
 */
export const PRIORITY_EXPANDER_CONFIGMAP = Object.freeze({ name: "cluster-autoscaler-priority-expander", namespace: "kube-system", key: "priorities" });

/**
 * Priorities: higher wins (priority.go keeps the maximum). Spot pools first, their fallbacks next,
 * and every other node group (the system pool, on-demand pools, pools made outside the package)
 * matched by a catch-all last: priority.go refuses to scale a group no expression matches ("The
 * group won't be used"), so nothing may be left out.
 */
export const EXPANDER_PRIORITY = Object.freeze({ spot: 30, fallback: 20, other: 10 });

/**
 * The node group ID the expander matches: the AKS node pool's scale set name,
 * `aks-<agent pool name>-<digits>-vmss` (ScaleSet.Id() returns the scale set's name,
 * cluster-autoscaler/cloudprovider/azure/azure_scale_set.go; the names as AKS's autoscaler logs
 * them, e.g. `aks-cpuspot-29141059-vmss`, Azure/AKS#2359; nodes `aks-nodepool1-<digits>-vmss<n>`
 * in the AKS docs). Agent pool names are letters and digits only, so the name needs no escaping,
 * and anchoring it keeps one pool's name from matching another that starts the same way.
 */
export function scaleSetPattern(agentPoolName: string): string {
  return `^aks-${agentPoolName}-[0-9]+-vmss$`;
}

/** The expander's `priorities` YAML for the planned pools; undefined without a spot pool. */
export function expanderPriorities(planned: readonly PlannedAgentPool[]): string | undefined {
  const spot = planned.filter((p) => p.pool.spot);
  if (spot.length === 0) return undefined;
  const fallbacks = planned.filter((p) => p.pool.fallbackFor !== undefined);
  const block = (priority: number, patterns: readonly string[]) => [`${priority}:`, ...patterns.map((re) => `  - '${re}'`)];
  return [
    ...block(EXPANDER_PRIORITY.spot, spot.map((p) => scaleSetPattern(p.name))),
    ...(fallbacks.length > 0 ? block(EXPANDER_PRIORITY.fallback, fallbacks.map((p) => scaleSetPattern(p.name))) : []),
    ...block(EXPANDER_PRIORITY.other, [".*"]),
  ].join("\n") + "\n";
}

/**
 * The built-in cluster autoscaler's profile (ManagedClusterPropertiesAutoScalerProfile; values are
 * strings in the API). Defaults from the same API doc unless said.
 */
export const AUTOSCALER_PROFILE = Object.freeze({
  // Without spot pools: with several pools able to take a pod, pick the one that leaves the least
  // idle CPU and memory (cluster-autoscaler FAQ "What are expanders?"); AKS's default is random.
  // A pod selects one pool by its pool label, so the choice never trades one shape for another.
  expander: "least-waste",
  // The profile is cluster-wide (learn.microsoft.com/azure/aks/cluster-autoscaler, "You can't set
  // an autoscaler profile per node pool"), and the timeout runs until the new node registers. A GPU
  // node registers only after its bootstrap installs the NVIDIA driver (AKS installs it "at node
  // provisioning", aks-managed-gpu-nodes; the boot-time driver build, Azure/aks-gpu#159), which on
  // large N-series VMs comes close to the default 15m; a node that misses it is deleted. So 25m,
  // which a spot pool rarely waits out: Azure fails a Spot allocation it cannot serve, and that
  // failure, not this timeout, hands the pods to the fallback (header of this file).
  maxNodeProvisionTime: "25m",
  // Default 10m: a GPU node added for a model that loads for minutes must not be judged idle first.
  scaleDownDelayAfterAdd: "15m",
  // Default 10m; GPU nodes are expensive, but cold starts (image pull + weights) cost more than 5 extra minutes.
  scaleDownUnneededTime: "15m",
  // Model servers cache weights in emptyDir; with the default (true) such nodes never scale down.
  skipNodesWithLocalStorage: "false",
  // Pods of kube-system without a PDB still pin a node: keep AKS's default.
  skipNodesWithSystemPods: "true",
  // Pools of different GPU shapes are not similar; balancing would only add nodes.
  balanceSimilarNodeGroups: "false",
});

export type AutoscalerProfile = Omit<typeof AUTOSCALER_PROFILE, "expander"> & { readonly expander: "least-waste" | "priority" };

/**
 * The profile for a plan. With a spot pool, `priority`: the AKS API takes one expander, not a
 * chain like `priority,least-waste` (the REST spec's `expander` is a single enum value of
 * least-waste, most-pods, priority, random: @pulumi/azure-native 3.28.0 enums/containerservice
 * `Expander`; Azure/AKS#2610 asks for chains). Ties within a priority go to random
 * (priority.go's fallback strategy), which is the same as least-waste here: a pod of a non-spot
 * workload fits only its own pool.
 */
export function autoscalerProfile(planned: readonly PlannedAgentPool[]): AutoscalerProfile {
  return planned.some((p) => p.pool.spot) ? { ...AUTOSCALER_PROFILE, expander: "priority" } : { ...AUTOSCALER_PROFILE };
}

/**
 * The priority expander's ConfigMap, when the plan has a spot pool. Until it exists the
 * expander scales nothing (priority.go returns no option without it), so the cluster's pools must
 * not wait on workloads: it is part of the cluster's `ready` list, applied right after the
 * provider can reach the cluster.
 */
export function priorityExpanderConfigMap(
  name: string,
  planned: readonly PlannedAgentPool[],
  args: { readonly provider: k8s.Provider; readonly cluster: containerservice.ManagedCluster },
  parent: pulumi.Resource,
): k8s.core.v1.ConfigMap | undefined {
  const priorities = expanderPriorities(planned);
  if (priorities === undefined) return undefined;
  return new k8s.core.v1.ConfigMap(
    `${name}-priority-expander`,
    {
      metadata: { name: PRIORITY_EXPANDER_CONFIGMAP.name, namespace: PRIORITY_EXPANDER_CONFIGMAP.namespace },
      data: { [PRIORITY_EXPANDER_CONFIGMAP.key]: priorities },
    },
    { parent, provider: args.provider, deletedWith: args.cluster },
  );
}
