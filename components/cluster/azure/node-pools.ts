/**
 * One AKS AgentPool per planned pool (GPU or CPU, Spot or Regular), scaled by AKS's built-in
 * cluster autoscaler between the plan's bounds (from zero where the plan says so: AKS user pools
 * may autoscale from 0, system pools from 1; ManagedClusterAgentPoolProfile.count, API
 * 2025-09-01). AKS runs that autoscaler against the pools it manages and hands it each pool's
 * scale set, bounds, labels and taints itself, AKS's Spot label and taint included (the node group
 * list AKS's autoscaler logs, e.g. `0:30:Delete:aks-cpuspot-…-vmss:{…,"kubernetes.azure.com/
 * scalesetpriority":"spot"}|…,kubernetes.azure.com/scalesetpriority=spot:NoSchedule`, Azure/AKS#2359),
 * so a spot pool scales from zero with no node-template tags to write, unlike a self-managed
 * autoscaler on EKS.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type { PlannedAgentPool } from "./agent-pools-plan";
import { CPU_UPGRADE_SETTINGS, GPU_UPGRADE_SETTINGS } from "./tables";

export interface AgentPoolsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly cluster: containerservice.ManagedCluster;
  readonly subnetId: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The autoscaler owns the node count; the orchestrator version follows the control plane through
 * the patch upgrade channel (the pools never set one, but a refresh records AKS's). azure-native
 * updates a pool with a full PUT, and an ignored `count` is the one in Pulumi's state: without a
 * refresh first (`pulumi up --refresh`, or `options: refresh: always`), any later change to a pool
 * sends the count recorded at creation instead of the autoscaler's.
 */
export const AGENT_POOL_IGNORE_CHANGES = Object.freeze(["count", "orchestratorVersion"]);

export function agentPools(name: string, planned: readonly PlannedAgentPool[], args: AgentPoolsArgs, parent: pulumi.Resource): containerservice.AgentPool[] {
  return planned.map(
    (p) =>
      new containerservice.AgentPool(
        `${name}-${p.pool.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          resourceName: args.cluster.name,
          agentPoolName: p.name,
          ...p.shape,
          availabilityZones: p.shape.availabilityZones ? [...p.shape.availabilityZones] : undefined,
          mode: "User",
          type: "VirtualMachineScaleSets",
          vnetSubnetID: args.subnetId,
          enableAutoScaling: true,
          minCount: p.pool.minNodes,
          maxCount: p.pool.maxNodes,
          // Only the first size: afterwards the autoscaler owns it (ignoreChanges below).
          count: p.pool.minNodes,
          nodeLabels: { ...p.nodeLabels },
          nodeTaints: [...p.nodeTaints],
          securityProfile: { sshAccess: "Disabled" },
          upgradeSettings: upgradeSettings(p),
          tags: args.tags,
        },
        { parent, ignoreChanges: [...AGENT_POOL_IGNORE_CHANGES], deletedWith: args.cluster },
      ),
  );
}

/** Spot pools none (AKS surges no Spot nodes); GPU pools without a surge VM; CPU pools with AKS's recommended surge. */
function upgradeSettings(p: PlannedAgentPool): typeof GPU_UPGRADE_SETTINGS | typeof CPU_UPGRADE_SETTINGS | undefined {
  if (p.pool.spot) return undefined;
  return p.pool.gpu !== null ? { ...GPU_UPGRADE_SETTINGS } : { ...CPU_UPGRADE_SETTINGS };
}
