/**
 * Facts about EKS the cluster component builds on, one table each. Pure data: no Pulumi here.
 */
import type { GpuModel } from "../../catalog/types";

/**
 * The node label cluster-autoscaler reads to know a node has GPUs before the device plugin has
 * advertised them (kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md`, "Special
 * note on GPU instances", CA >= 1.15). Without it CA scales a GPU pool out several times while the
 * first node is still loading its driver.
 */
export const AWS_ACCELERATOR_LABEL = "k8s.amazonaws.com/accelerator";

/**
 * Value of the accelerator label per GPU model. CA only checks that the label is present; the value
 * follows the GKE accelerator names CA borrowed the convention from (the README's example is
 * `nvidia-tesla-k80`), so dashboards read the same on both clouds.
 */
export const AWS_ACCELERATOR_VALUES: { readonly [m in GpuModel]: string } = Object.freeze({
  t4: "nvidia-tesla-t4",
  v100: "nvidia-tesla-v100",
  a10g: "nvidia-a10g",
  a10: "nvidia-a10",
  l4: "nvidia-l4",
  l40s: "nvidia-l40s",
  "a100-40gb": "nvidia-tesla-a100",
  "a100-80gb": "nvidia-a100-80gb",
  h100: "nvidia-h100-80gb",
  "h100-nvl": "nvidia-h100-nvl",
  h200: "nvidia-h200-141gb",
  b200: "nvidia-b200",
});

/** The cluster-autoscaler Helm chart for one Kubernetes minor version. */
export interface AutoscalerChart {
  /** Chart version in https://kubernetes.github.io/autoscaler. */
  readonly chart: string;
  /** The CA release the chart deploys (its appVersion): its minor must equal the cluster's. */
  readonly appVersion: string;
}

/**
 * The cluster-autoscaler chart per Kubernetes minor: the newest chart whose appVersion has that
 * minor, read from the chart repository index (kubernetes/autoscaler gh-pages `index.yaml`,
 * generated 2026-07-26, read 2026-12; 1.35's newest is 9.59.0 of 2026-07-21, and no chart carries
 * 1.36 yet). The index, not the README's "Chart Version" column, decides: that column gives 9.51.0+
 * for 1.34, but 9.51.0 deploys CA 1.33.0. A chart deploys its appVersion, which lags CA's own
 * patch releases (CA 1.35.2 is out; every 1.35 chart ships 1.35.0). CA's README recommends the CA
 * release of the cluster's minor and tests no other pairing, so the keys are also the versions
 * this component accepts.
 */
export const CLUSTER_AUTOSCALER_CHARTS: { readonly [minor: string]: AutoscalerChart } = Object.freeze({
  "1.30": { chart: "9.37.0", appVersion: "1.30.0" },
  "1.31": { chart: "9.44.0", appVersion: "1.31.0" },
  "1.32": { chart: "9.46.6", appVersion: "1.32.0" },
  "1.33": { chart: "9.51.0", appVersion: "1.33.0" },
  "1.34": { chart: "9.53.0", appVersion: "1.34.2" },
  "1.35": { chart: "9.59.0", appVersion: "1.35.0" },
});

export const CLUSTER_AUTOSCALER_REPO = "https://kubernetes.github.io/autoscaler";

/** Kubernetes versions the component accepts, oldest first. */
export function supportedKubernetesVersions(): readonly string[] {
  return Object.keys(CLUSTER_AUTOSCALER_CHARTS).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

/**
 * Zone IDs where EKS cannot place control-plane network interfaces (EKS User Guide, "View Amazon
 * EKS networking requirements for VPC and subnets", read 2026-08): subnets there fail cluster
 * creation with UnsupportedAvailabilityZoneException, so the VPC never uses them.
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = Object.freeze(["use1-az3", "usw1-az2", "cac1-az3"]);

/**
 * Zones the created VPC spans. Three zones survive the loss of one while keeping a majority
 * (EKS best practices, "reliability"); regions where new accounts see fewer zones are listed
 * (us-west-1 offers two zones to accounts created since 2013: AWS "Regions and Zones", read 2026-08).
 */
export const DEFAULT_ZONE_COUNT = 3;
export const REGION_ZONE_COUNTS: { readonly [region: string]: number } = Object.freeze({ "us-west-1": 2 });

export function zoneCount(region: string): number {
  return REGION_ZONE_COUNTS[region] ?? DEFAULT_ZONE_COUNT;
}

/**
 * Every control-plane log type EKS offers (EKS API `LogType`: api | audit | authenticator |
 * controllerManager | scheduler). CIS EKS 2.1.1 asks for audit logs at least; the others cost
 * little and are what an incident review needs.
 */
export const CONTROL_PLANE_LOG_TYPES: readonly string[] = Object.freeze(["api", "audit", "authenticator", "controllerManager", "scheduler"]);

/** CloudWatch retention for control-plane logs: terraform-aws-eks v21's default (90 days). */
export const CONTROL_PLANE_LOG_RETENTION_DAYS = 90;

/**
 * Managed policies, by name (AWS managed policy reference, read 2026-08). The EBS and EFS driver
 * policies live under the `service-role/` path.
 */
export const MANAGED_POLICIES = Object.freeze({
  cluster: "AmazonEKSClusterPolicy",
  workerNode: "AmazonEKSWorkerNodePolicy",
  // PullOnly (2024-10) grants image pulls only; ReadOnly also lists and describes repositories.
  registryPull: "AmazonEC2ContainerRegistryPullOnly",
  cni: "AmazonEKS_CNI_Policy",
  ebsCsi: "service-role/AmazonEBSCSIDriverPolicy",
  efsCsi: "service-role/AmazonEFSCSIDriverPolicy",
});

/** The EKS access policy that makes a principal cluster-admin (EKS "access policy permissions"). */
export const CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";

/**
 * The system pool's value of the package's pool label (`ml-clusters.io/pool`). A planned GPU pool
 * may not take this name.
 */
export const SYSTEM_POOL_NAME = "system";

/**
 * The EKS Pod Identity agent, which hands pods their role's credentials: 169.254.170.23, TCP 80,
 * from the node's host network (EKS User Guide, "Understand how EKS Pod Identity works", read
 * 2026-12). A namespace with restricted egress admits it for its workloads with `access`.
 */
export const EKS_POD_IDENTITY_ENDPOINTS: readonly { readonly cidr: string; readonly ports: readonly number[] }[] = Object.freeze([{ cidr: "169.254.170.23/32", ports: [80] }]);
