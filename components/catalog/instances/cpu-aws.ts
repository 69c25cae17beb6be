import { deepFreeze } from "../freeze";
import type { CpuInstanceType } from "../types";
import { CpuFamily, cpuRow, CpuSize } from "./cpu-rows";

/**
 * EC2 CPU instance types for worker pools of workloads without GPUs: the current Intel general
 * purpose (m7i), compute-optimised (c7i) and memory-optimised (r7i) families, large to 24xlarge
 * (2 to 96 vCPUs; x86_64, Linux, EBS-only, all usable by an EKS managed node group). Metal and
 * 48xlarge sizes are left out: a 192-vCPU node is more blast radius than a CPU service needs.
 *
 * Sources:
 * - vCPUs, memory and Karpenter's allocatable (AL2023, default max pods, before daemons):
 *   aws/karpenter-provider-aws `website/content/en/docs/reference/instance-types.md` at commit
 *   1d927085 (2026-08-21; the page last changed in 692ccdd0, 2026-07-11).
 * - Prices: on-demand Linux USD/h in us-east-1 from aws/karpenter-provider-aws
 *   `pkg/providers/pricing/zz_generated.pricing_aws.go`, "generated at 2026-07-20T13:44:30Z"
 *   (last changed in commit 6fc13b52). The per-region snapshot in ../prices/aws.json comes from
 *   the same file, which holds us-east-1 only.
 * - Regions: the families' launch and expansion announcements as best known on 2026-12;
 *   approximate. All three families are listed in the same regions, where all three are sold.
 */

const US_EAST_1 = "us-east-1";

const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-2",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
];

const M7I: CpuFamily = { kind: "general", priceRegion: US_EAST_1, regions: REGIONS };
const C7I: CpuFamily = { kind: "compute", priceRegion: US_EAST_1, regions: REGIONS };
const R7I: CpuFamily = { kind: "memory", priceRegion: US_EAST_1, regions: REGIONS };

interface AwsCpuSize extends CpuSize {
  /** Karpenter allocatable: [CPU millicores, memory MiB]. */
  readonly allocatable: readonly [number, number];
}

function row(family: CpuFamily, size: AwsCpuSize): CpuInstanceType {
  return {
    ...cpuRow("aws", family, size),
    karpenterAllocatable: { cpuMillis: size.allocatable[0], memoryMiB: size.allocatable[1] },
  };
}

export const AWS_CPU_INSTANCE_TYPES: readonly CpuInstanceType[] = deepFreeze([
  row(M7I, { name: "m7i.large", vcpus: 2, memoryGiB: 8, pricePerHour: 0.1008, allocatable: [1930, 6903] }),
  row(M7I, { name: "m7i.xlarge", vcpus: 4, memoryGiB: 16, pricePerHour: 0.2016, allocatable: [3920, 14162] }),
  row(M7I, { name: "m7i.2xlarge", vcpus: 8, memoryGiB: 32, pricePerHour: 0.4032, allocatable: [7910, 29317] }),
  row(M7I, { name: "m7i.4xlarge", vcpus: 16, memoryGiB: 64, pricePerHour: 0.8064, allocatable: [15890, 57691] }),
  row(M7I, { name: "m7i.8xlarge", vcpus: 32, memoryGiB: 128, pricePerHour: 1.6128, allocatable: [31850, 118312] }),
  row(M7I, { name: "m7i.12xlarge", vcpus: 48, memoryGiB: 192, pricePerHour: 2.4192, allocatable: [47810, 178933] }),
  row(M7I, { name: "m7i.16xlarge", vcpus: 64, memoryGiB: 256, pricePerHour: 3.2256, allocatable: [63770, 234021] }),
  row(M7I, { name: "m7i.24xlarge", vcpus: 96, memoryGiB: 384, pricePerHour: 4.8384, allocatable: [95690, 355262] }),

  row(C7I, { name: "c7i.large", vcpus: 2, memoryGiB: 4, pricePerHour: 0.08925, allocatable: [1930, 3114] }),
  row(C7I, { name: "c7i.xlarge", vcpus: 4, memoryGiB: 8, pricePerHour: 0.1785, allocatable: [3920, 6584] }),
  row(C7I, { name: "c7i.2xlarge", vcpus: 8, memoryGiB: 16, pricePerHour: 0.357, allocatable: [7910, 14162] }),
  row(C7I, { name: "c7i.4xlarge", vcpus: 16, memoryGiB: 32, pricePerHour: 0.714, allocatable: [15890, 27381] }),
  row(C7I, { name: "c7i.8xlarge", vcpus: 32, memoryGiB: 64, pricePerHour: 1.428, allocatable: [31850, 57691] }),
  row(C7I, { name: "c7i.12xlarge", vcpus: 48, memoryGiB: 96, pricePerHour: 2.142, allocatable: [47810, 88002] }),
  row(C7I, { name: "c7i.16xlarge", vcpus: 64, memoryGiB: 128, pricePerHour: 2.856, allocatable: [63770, 112779] }),
  row(C7I, { name: "c7i.24xlarge", vcpus: 96, memoryGiB: 192, pricePerHour: 4.284, allocatable: [95690, 173400] }),

  row(R7I, { name: "r7i.large", vcpus: 2, memoryGiB: 16, pricePerHour: 0.1323, allocatable: [1930, 14481] }),
  row(R7I, { name: "r7i.xlarge", vcpus: 4, memoryGiB: 32, pricePerHour: 0.2646, allocatable: [3920, 29317] }),
  row(R7I, { name: "r7i.2xlarge", vcpus: 8, memoryGiB: 64, pricePerHour: 0.5292, allocatable: [7910, 59627] }),
  row(R7I, { name: "r7i.4xlarge", vcpus: 16, memoryGiB: 128, pricePerHour: 1.0584, allocatable: [15890, 118312] }),
  row(R7I, { name: "r7i.8xlarge", vcpus: 32, memoryGiB: 256, pricePerHour: 2.1168, allocatable: [31850, 239554] }),
  row(R7I, { name: "r7i.12xlarge", vcpus: 48, memoryGiB: 384, pricePerHour: 3.1752, allocatable: [47810, 360795] }),
  row(R7I, { name: "r7i.16xlarge", vcpus: 64, memoryGiB: 512, pricePerHour: 4.2336, allocatable: [63770, 476504] }),
  row(R7I, { name: "r7i.24xlarge", vcpus: 96, memoryGiB: 768, pricePerHour: 6.3504, allocatable: [95690, 718987] }),
]);
