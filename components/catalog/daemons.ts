import { deepFreeze } from "./freeze";
import { Cloud, DaemonRequest } from "./types";

/**
 * What every node gives up to DaemonSet pods before a workload lands on it. The planner subtracts
 * these requests from allocatable; the cluster and k8s layers set exactly these requests on the
 * daemons this package installs (`INSTALLED_DAEMONS`).
 *
 * A pod's request is the sum over its containers, or its largest init container if that is more:
 * the scheduler reserves the larger for the pod's whole life.
 *
 * The clouds' own daemons follow the networking each cluster is built with, because egress rules
 * need a NetworkPolicy engine on every cloud: EKS with the VPC CNI's network-policy agent (inside
 * the aws-node pod), GKE with Dataplane V2 (anetd replaces kube-proxy), AKS with Azure CNI
 * Overlay powered by Cilium (cilium replaces kube-proxy and azure-npm). Opt-in add-ons (log and
 * metrics agents of the clouds' monitoring products, Defender, GKE managed DCGM) are not counted.
 */

/** Daemons this package installs and sizes; their requests are ours to choose. */
export const INSTALLED_DAEMONS = ["nvidia-device-plugin", "dcgm-exporter", "node-exporter"] as const;
export type InstalledDaemon = (typeof INSTALLED_DAEMONS)[number];

export const DAEMONS: readonly DaemonRequest[] = deepFreeze([
  // --- installed by ml-clusters -------------------------------------------------------------
  // NVIDIA's chart ships no requests. The plugin idles at a few millicores and 20-30 MiB; GKE's
  // build of the same plugin requests 50m/20Mi. 64Mi leaves headroom under a memory limit equal
  // to the request. GKE runs its own plugin, so ours goes to EKS (the AL2023 NVIDIA AMI has none)
  // and AKS (which installs the driver, not the plugin).
  { name: "nvidia-device-plugin", gpuNodesOnly: true, clouds: ["aws", "azure"], cpuMillis: 50, memoryMiB: 64 },
  // dcgm-exporter embeds nv-hostengine, whose memory grows with the GPU count: a few hundred MiB on
  // 8-GPU nodes. 512Mi keeps it from being OOM-killed there; 100m matches GKE's managed exporter
  // (observed on GKE 1.3x nodes, 2025).
  { name: "dcgm-exporter", gpuNodesOnly: true, cpuMillis: 100, memoryMiB: 512 },
  // prometheus-node-exporter's chart ships no requests; it uses under 20 MiB and a few
  // millicores at a 30 s scrape interval, so 50m/64Mi is ample.
  { name: "node-exporter", gpuNodesOnly: false, cpuMillis: 50, memoryMiB: 64 },

  // --- EKS ------------------------------------------------------------------------------------
  // aws/amazon-vpc-cni-k8s `charts/aws-vpc-cni/values.yaml`: requests cpu 25m, no memory (the
  // network-policy agent container sets none either).
  { name: "aws-node", gpuNodesOnly: false, clouds: ["aws"], cpuMillis: 25, memoryMiB: 0 },
  // The EKS kube-proxy add-on's DaemonSet requests cpu 100m and no memory (EKS add-on manifest,
  // unchanged through 1.33).
  { name: "kube-proxy", gpuNodesOnly: false, clouds: ["aws"], cpuMillis: 100, memoryMiB: 0 },
  // aws/eks-charts `stable/eks-pod-identity-agent/values.yaml`: `resources: {}`, no requests.
  { name: "eks-pod-identity-agent", gpuNodesOnly: false, clouds: ["aws"], cpuMillis: 0, memoryMiB: 0 },
  // kubernetes-sigs/aws-ebs-csi-driver chart: node.resources requests 10m/40Mi, applied to each of
  // its three containers (ebs-plugin, node-driver-registrar, liveness-probe) = 30m/120Mi.
  { name: "ebs-csi-node", gpuNodesOnly: false, clouds: ["aws"], cpuMillis: 30, memoryMiB: 120 },
  // The EKS node monitoring agent add-on (cluster/aws/addons.ts), whose conditions drive node auto
  // repair. aws/eks-node-monitoring-agent `charts/eks-node-monitoring-agent/values.yaml` at v1.7.0
  // (the pinned add-on's chart): `nodeAgent.resources.requests` cpu 10m, memory 30Mi, on every node
  // (`nodeAgent.tolerations: [{operator: Exists}]`).
  { name: "eks-node-monitoring-agent", gpuNodesOnly: false, clouds: ["aws"], cpuMillis: 10, memoryMiB: 30 },
  // Same chart: its `dcgm-server` DaemonSet runs nv-hostengine on NVIDIA instance types for the
  // agent's GPU health checks, with `dcgmAgent.resources: {}`, so it requests nothing. It runs at
  // system-node-critical, which the kubelet gives the OOM score of a Guaranteed pod.
  { name: "dcgm-server", gpuNodesOnly: true, clouds: ["aws"], cpuMillis: 0, memoryMiB: 0 },

  // --- GKE ------------------------------------------------------------------------------------
  // GKE does not publish its system DaemonSets' requests. CPU: the requests listed from a GKE
  // 1.3x cluster's DaemonSets (2025, a public Sysdig note). Memory: from `kubectl describe node`
  // on GKE nodes (2022) where shown, otherwise an estimate marked as such, rounded up.
  { name: "anetd", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 205, memoryMiB: 200 }, // memory: estimate
  { name: "fluentbit-gke", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 105, memoryMiB: 200 },
  { name: "gke-metadata-server", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 100, memoryMiB: 100 },
  { name: "gke-metrics-agent", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 19, memoryMiB: 100 },
  { name: "netd", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 8, memoryMiB: 50 }, // memory: estimate
  { name: "pdcsi-node", gpuNodesOnly: false, clouds: ["gcp"], cpuMillis: 10, memoryMiB: 20 },
  // GoogleCloudPlatform/container-engine-accelerators `cmd/nvidia_gpu/device-plugin.yaml` requests
  // 50m/20Mi; GKE 1.3x lists 55m CPU for it.
  { name: "nvidia-gpu-device-plugin", gpuNodesOnly: true, clouds: ["gcp"], cpuMillis: 55, memoryMiB: 20 },
  // Same repository, `nvidia-driver-installer/cos/daemonset-preloaded.yaml`: init containers
  // request 150m CPU and no memory; the pod keeps that reservation while it runs.
  { name: "nvidia-driver-installer", gpuNodesOnly: true, clouds: ["gcp"], cpuMillis: 150, memoryMiB: 0 },

  // --- AKS ------------------------------------------------------------------------------------
  // Azure/aks-engine `parts/k8s/addons/cloud-node-manager.yaml` (the cloud-provider-azure
  // component AKS runs): requests 50m/50Mi.
  { name: "cloud-node-manager", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 50, memoryMiB: 50 },
  // kubernetes-sigs/azuredisk-csi-driver chart: 10m/20Mi for each of three containers.
  { name: "csi-azuredisk-node", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 30, memoryMiB: 60 },
  // kubernetes-sigs/azurefile-csi-driver: the same three containers and requests as azuredisk.
  { name: "csi-azurefile-node", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 30, memoryMiB: 60 },
  // Not documented; 100m/50Mi as seen on AKS nodes (best known, 2024).
  { name: "azure-ip-masq-agent", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 100, memoryMiB: 50 },
  // Azure/azure-container-networking CNS DaemonSet manifest: requests 40m/250Mi.
  { name: "azure-cns", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 40, memoryMiB: 250 },
  // Not documented for AKS's managed Cilium, and the upstream chart sets no requests; an estimate
  // from the agent's steady-state use on small clusters, rounded up.
  { name: "cilium", gpuNodesOnly: false, clouds: ["azure"], cpuMillis: 100, memoryMiB: 300 },
]);

/** The daemons that run on a node of this cloud (a GPU node, or any node). */
export function daemonsFor(cloud: Cloud, gpuNode: boolean): readonly DaemonRequest[] {
  return DAEMONS.filter((d) => (gpuNode || !d.gpuNodesOnly) && (d.clouds === undefined || d.clouds.includes(cloud)));
}

/** One daemon's requests by name; throws for a name the table lacks (a bug, not bad input). */
export function daemonRequest(name: string): DaemonRequest {
  const found = DAEMONS.find((d) => d.name === name);
  if (!found) throw new Error(`no daemon named "${name}" in the catalogue's daemon table`);
  return found;
}

/** What the daemons on one node of this cloud request in total. */
export function daemonOverhead(cloud: Cloud, gpuNode: boolean): { readonly cpuMillis: number; readonly memoryMiB: number } {
  const daemons = daemonsFor(cloud, gpuNode);
  return {
    cpuMillis: daemons.reduce((sum, d) => sum + d.cpuMillis, 0),
    memoryMiB: daemons.reduce((sum, d) => sum + d.memoryMiB, 0),
  };
}
