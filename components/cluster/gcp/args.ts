import type { ClusterArgs } from "../common";
import type { GpuDriverVersion } from "./gke-facts";

/** Secondary range names the package gives its own subnetwork, and expects in an existing one. */
export const DEFAULT_PODS_RANGE_NAME = "pods";
export const DEFAULT_SERVICES_RANGE_NAME = "services";

/**
 * Arguments of a GkeCluster: the validated spec and its capacity plan, plus what only GCP needs.
 * Everything here changes the shape or the identity of the cluster, so it is plain data.
 */
export interface GkeClusterArgs extends ClusterArgs {
  /**
   * The GCP project to build in.
   * @default - the provider's project: stack config `gcp:project` (or GOOGLE_PROJECT)
   */
  readonly project?: string;
  /**
   * The control plane's private range, a /28 that no subnetwork of the VPC uses.
   * @default - the last /28 of `spec.network.cidr` (outside every range the package carves)
   */
  readonly masterCidr?: string;
  /**
   * With `spec.network.existingSubnetIds`: the subnetwork's secondary range for pods.
   * @default "pods"
   */
  readonly podsRangeName?: string;
  /**
   * With `spec.network.existingSubnetIds`: the subnetwork's secondary range for services.
   * @default "services"
   */
  readonly servicesRangeName?: string;
  /**
   * The NVIDIA driver GKE installs on GPU nodes. Changing it replaces the GPU node pools.
   * @default "LATEST" (see DEFAULT_GPU_DRIVER_VERSION for why)
   */
  readonly gpuDriverVersion?: GpuDriverVersion;
  /**
   * Enforce the project's Binary Authorization policy on every image the cluster runs. Needs a
   * policy in the project first (a default policy allows all images).
   * @default false
   */
  readonly binaryAuthorization?: boolean;
}
