/**
 * One custom compute class per spot pool with a fallback: GKE's way, on Standard clusters, of
 * making the autoscaler scale the spot pool first and the on-demand fallback only when it cannot.
 *
 * How long falling back takes: GKE's autoscaler moves to the next priority as soon as Compute
 * Engine refuses the spot VMs (a stockout such as ZONE_RESOURCE_POOL_EXHAUSTED, or a quota error):
 * "There is no waiting period before GKE falls back to the next priority, except when using TPUs
 * or the Flex Start provisioning model" (cloud.google.com/kubernetes-engine/docs/troubleshooting/
 * custom-computeclass, "Analyze autoscaler fallback behavior", read 2026-12). So a pending pod waits
 * for one failed scale-up, usually a minute or two, then for an on-demand node to boot. A scale-up
 * that neither fails nor yields a node is bounded by the cluster autoscaler's node provisioning
 * timeout, 15 minutes by default (`--max-node-provision-time`, kubernetes/autoscaler
 * cluster-autoscaler/FAQ.md); GKE runs the autoscaler itself and offers no setting for it, so there
 * is nothing to tune here, unlike EKS and AKS.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { COMPUTE_CLASS_API_VERSION, COMPUTE_CLASS_KIND } from "./gke-facts";
import type { SpotPair } from "./placement";

/**
 * The ComputeClass fields the package sets, as the CRD reference spells them
 * (cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass, read 2026-12):
 * - `priorities[].nodepools`: manually created node pools, one rule each, tried in order (several
 *   pools in one rule have no order among them, hence one rule per pool).
 * - `nodePoolAutoCreation.enabled: false`: GKE never creates pools of its own for the class; the
 *   package's pools carry its hardening, its bounds and its lock.
 * - `whenUnsatisfiable: DoNotScaleUp`: with both pools at their maximum a pod stays pending rather
 *   than landing on a default machine; set explicitly because the default changed in GKE 1.33.
 * - `activeMigration.optimizeRulePriority: false`: pods that fell back stay on the fallback until
 *   it scales down; moving them back when spot returns would evict running training jobs.
 */
export interface ComputeClassSpec {
  readonly priorities: readonly { readonly nodepools: readonly string[] }[];
  readonly nodePoolAutoCreation: { readonly enabled: boolean };
  readonly whenUnsatisfiable: "DoNotScaleUp" | "ScaleUpAnyway";
  readonly activeMigration: { readonly optimizeRulePriority: boolean };
}

/** The spec of a spot pair's compute class, given the GKE names of its two node pools. */
export function computeClassSpec(spotNodePool: string, fallbackNodePool: string): ComputeClassSpec {
  return {
    priorities: [{ nodepools: [spotNodePool] }, { nodepools: [fallbackNodePool] }],
    nodePoolAutoCreation: { enabled: false },
    whenUnsatisfiable: "DoNotScaleUp",
    activeMigration: { optimizeRulePriority: false },
  };
}

export interface ComputeClassArgs {
  readonly provider: k8s.Provider;
  readonly cluster: pulumi.Resource;
  /** The GKE name of every planned pool's node pool, by plan pool name. */
  readonly nodePoolNames: ReadonlyMap<string, pulumi.Output<string>>;
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * The compute classes of the spot pairs. The node pools' GKE names are outputs: a pool replaced
 * under a new name (create before delete) updates its class in place.
 */
export function gkeComputeClasses(name: string, pairs: readonly SpotPair[], args: ComputeClassArgs, parent: pulumi.Resource): k8s.apiextensions.CustomResource[] {
  return pairs.map((pair) => {
    const spot = args.nodePoolNames.get(pair.spot);
    const fallback = args.nodePoolNames.get(pair.fallback);
    if (spot === undefined || fallback === undefined) throw new Error(`bug: compute class "${pair.computeClass}" without its node pools`);
    return new k8s.apiextensions.CustomResource(
      `${name}-class-${pair.computeClass}`,
      {
        apiVersion: COMPUTE_CLASS_API_VERSION,
        kind: COMPUTE_CLASS_KIND,
        metadata: { name: pair.computeClass, labels: { "app.kubernetes.io/managed-by": "ml-clusters" } },
        spec: pulumi.all([spot, fallback]).apply(([s, f]) => computeClassSpec(s, f)),
      },
      { parent, provider: args.provider, dependsOn: [...args.dependsOn], deletedWith: args.cluster },
    );
  });
}
