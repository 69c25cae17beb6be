/**
 * Arguments of EksCluster and the defaults the component owns. Every default here is a security
 * or cost decision: each says why it is what it is.
 */
import type { ClusterArgs } from "../common";

/** `perZone`: one NAT gateway per zone; `single`: one shared by all zones. */
export const NAT_GATEWAY_MODES = ["perZone", "single"] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/** How many NAT gateways each mode creates for a VPC over `zones` zones. */
export const NAT_GATEWAY_COUNT: { readonly [m in NatGatewayMode]: (zones: number) => number } = Object.freeze({
  perZone: (zones: number) => zones,
  single: () => 1,
});

/** EKS version support tier (EKS API `UpgradePolicyRequest.supportType`). */
export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export interface EksClusterArgs extends ClusterArgs {
  /**
   * NAT gateways of the VPC the component creates (ignored with `spec.network.existingSubnetIds`).
   * A NAT gateway lives in one zone: with a single one, losing that zone cuts image pulls and AWS
   * API calls for nodes in every zone, so the default pays for one per zone (about $33 a month
   * each in us-east-1, aws.amazon.com/vpc/pricing, read 2026-08).
   * @default "perZone"
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * IAM role or user ARNs that get cluster-admin through an EKS access entry.
   * @default - the identity running Pulumi (for an assumed role, the role itself)
   */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Root volume of GPU nodes in GiB (encrypted gp3): container images and model weights cached on
   * the node share it.
   * @default 200
   */
  readonly gpuRootVolumeGiB?: number;
  /** Root volume of system nodes in GiB (encrypted gp3). @default 50 */
  readonly systemRootVolumeGiB?: number;
  /**
   * EKS support tier. With STANDARD, EKS upgrades the control plane itself when the version's
   * standard support ends instead of billing extended support ($0.60 instead of $0.10 per cluster
   * hour, aws.amazon.com/eks/pricing, read 2026-08): keep `kubernetesVersion` current.
   * @default "STANDARD"
   */
  readonly supportType?: SupportType;
}

/** See `EksClusterArgs.natGateways`. */
export const DEFAULT_NAT_GATEWAYS: NatGatewayMode = "perZone";

/**
 * A vLLM/Triton serving image is 10-20 GB unpacked and containerd keeps the compressed layers
 * too; an 8B-parameter model in fp16 is 16 GB of weights in the node cache. 200 GiB holds an image
 * and a few such models with room for the kubelet's 10% eviction threshold (gp3: $0.08/GiB-month
 * in us-east-1, aws.amazon.com/ebs/pricing, read 2026-08, so $16 a node a month).
 */
export const DEFAULT_GPU_ROOT_VOLUME_GIB = 200;

/** AL2023's root snapshot is 20 GiB; 50 leaves room for add-on images and logs. */
export const DEFAULT_SYSTEM_ROOT_VOLUME_GIB = 50;

/** See `EksClusterArgs.supportType`. */
export const DEFAULT_SUPPORT_TYPE: SupportType = "STANDARD";

/** gp3 volume size limits (EBS User Guide, "Amazon EBS volume types", read 2026-08): 1 to 16,384 GiB. */
export const GP3_MAX_GIB = 16384;
/** The AL2023 EKS AMI root snapshot is 20 GiB: a smaller root volume fails to launch. */
export const SYSTEM_ROOT_VOLUME_MIN_GIB = 20;
/** The NVIDIA AMI with its driver and CUDA libraries needs more before any image is pulled. */
export const GPU_ROOT_VOLUME_MIN_GIB = 50;

/** The resolved options, defaults applied. */
export interface EksOptions {
  readonly natGateways: NatGatewayMode;
  readonly adminPrincipalArns?: readonly string[];
  readonly gpuRootVolumeGiB: number;
  readonly systemRootVolumeGiB: number;
  readonly supportType: SupportType;
}

export function eksOptions(args: EksClusterArgs): EksOptions {
  return {
    natGateways: args.natGateways ?? DEFAULT_NAT_GATEWAYS,
    adminPrincipalArns: args.adminPrincipalArns,
    gpuRootVolumeGiB: args.gpuRootVolumeGiB ?? DEFAULT_GPU_ROOT_VOLUME_GIB,
    systemRootVolumeGiB: args.systemRootVolumeGiB ?? DEFAULT_SYSTEM_ROOT_VOLUME_GIB,
    supportType: args.supportType ?? DEFAULT_SUPPORT_TYPE,
  };
}
