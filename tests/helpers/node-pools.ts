/**
 * What each rendered node pool gives its nodes, read from the cloud resources themselves (not from
 * the contract), so a test can check that a workload really lands on the pool the plan chose.
 */
import { findInstanceType } from "../../components/catalog";
import type { RenderedResource } from "../../cli/render-format";

export interface RenderedPool {
  readonly resource: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Kubernetes spelling: `key=value:Effect`. */
  readonly taints: readonly string[];
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
}

const EFFECTS: Readonly<Record<string, string>> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

type Taint = { key: string; value?: string; effect: string };
const taintText = (t: Taint) => `${t.key}=${t.value ?? ""}:${EFFECTS[t.effect] ?? t.effect}`;

/** Node pools of any cloud in a render, with labels, taints, GPUs per node and bounds. */
export function renderedPools(resources: readonly RenderedResource[]): RenderedPool[] {
  const out: RenderedPool[] = [];
  for (const r of resources) {
    const i = r.inputs as any;
    if (r.type === "aws:eks/nodeGroup:NodeGroup") {
      out.push({
        resource: r.name,
        labels: i.labels ?? {},
        taints: (i.taints ?? []).map(taintText),
        gpusPerNode: findInstanceType("aws", i.instanceTypes[0])?.gpus ?? 0,
        minNodes: i.scalingConfig.minSize,
        maxNodes: i.scalingConfig.maxSize,
      });
    } else if (r.type === "gcp:container/nodePool:NodePool") {
      // GKE also taints GPU nodes nvidia.com/gpu=present:NoSchedule itself; ours is the same taint.
      // GKE labels Spot VMs itself (cloud.google.com/gke-spot=true) and adds no taint for them.
      out.push({
        resource: r.name,
        labels: { ...(i.nodeConfig.labels ?? {}), ...(i.nodeConfig.spot === true ? { "cloud.google.com/gke-spot": "true" } : {}) },
        taints: (i.nodeConfig.taints ?? []).map(taintText),
        gpusPerNode: (i.nodeConfig.guestAccelerators ?? []).reduce((n: number, a: { count: number }) => n + a.count, 0),
        minNodes: i.autoscaling.totalMinNodeCount,
        maxNodes: i.autoscaling.totalMaxNodeCount,
      });
    } else if (r.type === "azure-native:containerservice:AgentPool") {
      // AKS labels and taints Spot nodes itself (learn.microsoft.com/azure/aks/spot-node-pool).
      const spot = i.scaleSetPriority === "Spot";
      out.push({
        resource: r.name,
        labels: { ...(i.nodeLabels ?? {}), ...(spot ? { "kubernetes.azure.com/scalesetpriority": "spot" } : {}) },
        taints: [...(i.nodeTaints ?? []), ...(spot ? ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"] : [])],
        gpusPerNode: findInstanceType("azure", i.vmSize)?.gpus ?? 0,
        minNodes: i.minCount,
        maxNodes: i.maxCount,
      });
    }
  }
  return out;
}
