import { deepFreeze } from "./freeze";
import { Cloud, CloudFacts, SystemInstanceType } from "./types";

/**
 * Fixed per-cloud facts: the managed control plane's price, the CPU machines offered for the
 * system pool, and where the catalogue's numbers come from (CapacityPlan.catalog.source/date).
 *
 * Control plane, USD/h per cluster (read 2026-08):
 * - EKS: 0.10 in standard support; 0.60 once the Kubernetes version is in extended support
 *   (aws.amazon.com/eks/pricing). Keeping the version current keeps the lower price.
 * - GKE: 0.10 cluster management fee for Standard clusters (cloud.google.com/kubernetes-engine/
 *   pricing); the free-tier credit per billing account (74.40/month, one zonal cluster) is not
 *   subtracted, because a regional production cluster does not get it in full.
 * - AKS: 0.10 for the Standard tier (azure.microsoft.com/pricing/details/kubernetes-service). The
 *   Free tier costs nothing but has no uptime SLA; production clusters want the SLA, so the
 *   Standard tier is the price quoted (and the tier the cluster layer should select).
 *
 * System-pool prices are on-demand Linux USD/h in the cloud's price region:
 * - aws us-east-1: aws/karpenter-provider-aws `zz_generated.pricing_aws.go` (2026-07-20).
 * - gcp us-central1: Compute Engine list prices (cloud.google.com/compute/vm-instance-pricing,
 *   E2 0.021811 per vCPU-hour + 0.002923 per GiB-hour, N2 0.031611 + 0.004237), read 2026-08.
 * - azure eastus: Azure/karpenter-provider-azure `zz_generated.pricing.go` (2026-06-18).
 */

/**
 * Instance types a spot EKS managed node group lists: EKS takes a list (CreateNodegroup
 * `instanceTypes`) and spreads a Spot group over them with the capacity-optimized strategy, so
 * one reclaimed capacity pool does not stop the group (docs.aws.amazon.com/eks/latest/userguide/
 * managed-node-groups.html, "Spot"). Five is our choice: enough pools to diversify, while every
 * listed type must hold the planned pods, which few types of one GPU model and count do.
 */
const SPOT_TYPES_PER_EKS_NODE_GROUP = 5;

/** USD/h: EKS standard support, GKE cluster management fee, AKS Standard tier (sources above). */
const CONTROL_PLANE_USD_PER_HOUR = 0.1;

const AWS_SYSTEM_TYPES: readonly SystemInstanceType[] = [
  { name: "m6i.large", vcpus: 2, memoryGiB: 8, pricePerHour: 0.096, priceRegion: "us-east-1" },
  { name: "m6i.xlarge", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192, priceRegion: "us-east-1" },
  { name: "m6i.2xlarge", vcpus: 8, memoryGiB: 32, pricePerHour: 0.384, priceRegion: "us-east-1" },
  { name: "m7i.large", vcpus: 2, memoryGiB: 8, pricePerHour: 0.1008, priceRegion: "us-east-1" },
  { name: "m7i.xlarge", vcpus: 4, memoryGiB: 16, pricePerHour: 0.2016, priceRegion: "us-east-1" },
  { name: "m7i.2xlarge", vcpus: 8, memoryGiB: 32, pricePerHour: 0.4032, priceRegion: "us-east-1" },
];

const GCP_SYSTEM_TYPES: readonly SystemInstanceType[] = [
  { name: "e2-standard-2", vcpus: 2, memoryGiB: 8, pricePerHour: 0.067006, priceRegion: "us-central1" },
  { name: "e2-standard-4", vcpus: 4, memoryGiB: 16, pricePerHour: 0.134012, priceRegion: "us-central1" },
  { name: "e2-standard-8", vcpus: 8, memoryGiB: 32, pricePerHour: 0.268024, priceRegion: "us-central1" },
  { name: "n2-standard-4", vcpus: 4, memoryGiB: 16, pricePerHour: 0.194236, priceRegion: "us-central1" },
  { name: "n2-standard-8", vcpus: 8, memoryGiB: 32, pricePerHour: 0.388472, priceRegion: "us-central1" },
];

const AZURE_SYSTEM_TYPES: readonly SystemInstanceType[] = [
  { name: "Standard_D2s_v5", vcpus: 2, memoryGiB: 8, pricePerHour: 0.096, priceRegion: "eastus" },
  { name: "Standard_D4s_v5", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192, priceRegion: "eastus" },
  { name: "Standard_D8s_v5", vcpus: 8, memoryGiB: 32, pricePerHour: 0.384, priceRegion: "eastus" },
  { name: "Standard_D4ds_v5", vcpus: 4, memoryGiB: 16, pricePerHour: 0.226, priceRegion: "eastus" },
  { name: "Standard_D8ds_v5", vcpus: 8, memoryGiB: 32, pricePerHour: 0.452, priceRegion: "eastus" },
];

/**
 * Default system machines have 4 vCPUs and 16 GiB: the smallest size on which CoreDNS, the
 * autoscaler, metrics and the monitoring stack fit with room for an upgrade surge (AKS
 * recommends at least 4 vCPUs for system pools; 2-vCPU sizes are offered for dev clusters).
 */
export const CLOUD_FACTS: { readonly [c in Cloud]: CloudFacts } = deepFreeze({
  aws: {
    cloud: "aws",
    spotTypesPerPool: SPOT_TYPES_PER_EKS_NODE_GROUP,
    controlPlanePricePerHour: CONTROL_PLANE_USD_PER_HOUR,
    defaultSystemInstanceType: "m6i.xlarge",
    systemInstanceTypes: AWS_SYSTEM_TYPES,
    priceRegion: "us-east-1",
    source: "Karpenter AWS instance types and prices (us-east-1, on-demand); EKS pricing",
    date: "2026-07-20",
  },
  gcp: {
    cloud: "gcp",
    // A GKE node pool has one machine type (NodeConfig.machineType).
    spotTypesPerPool: 1,
    controlPlanePricePerHour: CONTROL_PLANE_USD_PER_HOUR,
    defaultSystemInstanceType: "e2-standard-4",
    systemInstanceTypes: GCP_SYSTEM_TYPES,
    priceRegion: "us-central1",
    source: "Karpenter GCP prices (us-central1, on-demand); GCE machine and GPU docs; GKE pricing",
    date: "2026-08-03",
  },
  azure: {
    cloud: "azure",
    // An AKS agent pool of the VirtualMachineScaleSets type has one vmSize.
    spotTypesPerPool: 1,
    controlPlanePricePerHour: CONTROL_PLANE_USD_PER_HOUR,
    defaultSystemInstanceType: "Standard_D4s_v5",
    systemInstanceTypes: AZURE_SYSTEM_TYPES,
    priceRegion: "eastus",
    source: "Karpenter Azure prices (eastus, on-demand; NCads_A10_v4 southcentralus); Azure VM size docs; AKS pricing",
    date: "2026-06-18",
  },
});

/** One system machine of a cloud by name, or undefined. */
export function findSystemInstanceType(cloud: Cloud, name: string): SystemInstanceType | undefined {
  return CLOUD_FACTS[cloud].systemInstanceTypes.find((t) => t.name === name);
}
