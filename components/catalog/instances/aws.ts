import { deepFreeze, gibFromMiB } from "../freeze";
import type { InstanceType } from "../types";
import { Family, instanceRow, Shape } from "./rows";

/**
 * EC2 GPU instance types an EKS managed node group can use (x86_64, whole NVIDIA GPUs).
 *
 * Sources (shared/reference/gpu-catalog.md §1.1):
 * - GPUs, GPU memory (the MiB figure EC2 reports per GPU), vCPUs, memory and Karpenter's
 *   allocatable: aws/karpenter-provider-aws `website/content/en/docs/reference/instance-types.md`,
 *   commit 1d927085 (2026-08-21); p3 rows from the v1.12 copy of that page, same commit.
 * - Prices: on-demand Linux USD/h in us-east-1 from aws/karpenter-provider-aws
 *   `pkg/providers/pricing/zz_generated.pricing_aws.go`, "generated at 2026-07-20T13:44:30Z".
 *   p5e.48xlarge has no us-east-1 on-demand price there (it is sold mostly as Capacity Blocks): null.
 * - Regions: EC2 "instance types by Region" pages and the families' launch announcements as best
 *   known on 2026-08; approximate, and deliberately short for the newest families. Every family is
 *   listed in us-east-1 and us-west-2, where all of them are sold.
 *
 * Not included: g6f/gr6f (fractional L4: no `nvidia.com/gpu` resource), gr6 and g7e (graphics and
 * RTX PRO parts outside the GPU model table), p6-b300 and arm64 g5g/p6e-gb200.
 */

const PRICE_REGION = "us-east-1";

type AwsFamily = Omit<Family, "priceRegion">;

interface AwsShape extends Shape {
  /** Karpenter allocatable: [CPU millicores, memory MiB]. */
  readonly allocatable: readonly [number, number];
}

function row(family: AwsFamily, shape: AwsShape): InstanceType {
  return {
    ...instanceRow("aws", { ...family, priceRegion: PRICE_REGION }, shape),
    karpenterAllocatable: { cpuMillis: shape.allocatable[0], memoryMiB: shape.allocatable[1] },
  };
}

const US_EU_AP_WIDE = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
  "me-south-1", "me-central-1", "il-central-1", "af-south-1",
  "ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
];

// g4dn (2019) is in nearly every region.
const G4DN: AwsFamily = { gpu: "t4", gpuMemoryGiB: gibFromMiB(16384), regions: US_EU_AP_WIDE };
const G5: AwsFamily = {
  gpu: "a10g",
  gpuMemoryGiB: gibFromMiB(22888),
  regions: [
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-2", "me-central-1",
  ],
};
const G6: AwsFamily = {
  gpu: "l4",
  gpuMemoryGiB: gibFromMiB(22888),
  regions: [
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1", "eu-central-1", "eu-central-2", "eu-west-2", "eu-south-2",
    "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-2",
  ],
};
const G6E: AwsFamily = {
  gpu: "l40s",
  gpuMemoryGiB: gibFromMiB(45776),
  regions: ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-2", "eu-south-2", "eu-north-1", "ap-northeast-1", "ap-south-1"],
};
const P3: AwsFamily = {
  gpu: "v100",
  gpuMemoryGiB: gibFromMiB(16384),
  regions: [
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
    "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
  ],
};
// p3dn carries the 32 GB V100; GpuFacts keeps V100's nominal 16 GB for minMemoryGiB.
const P3DN: AwsFamily = { gpu: "v100", gpuMemoryGiB: gibFromMiB(32768), regions: ["us-east-1", "us-west-2"] };
const P4D: AwsFamily = {
  gpu: "a100-40gb",
  gpuMemoryGiB: gibFromMiB(40960),
  regions: ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "ap-northeast-1", "ap-northeast-2"],
};
const P4DE: AwsFamily = { gpu: "a100-80gb", gpuMemoryGiB: gibFromMiB(81920), regions: ["us-east-1", "us-west-2"] };
const P5: AwsFamily = {
  gpu: "h100",
  gpuMemoryGiB: gibFromMiB(81920),
  regions: ["us-east-1", "us-east-2", "us-west-2", "eu-north-1", "eu-west-2", "ap-northeast-1", "ap-south-1", "ap-southeast-2"],
};
const P5E: AwsFamily = { gpu: "h200", gpuMemoryGiB: gibFromMiB(144384), regions: ["us-east-1", "us-east-2", "us-west-2"] };
const P5EN: AwsFamily = { gpu: "h200", gpuMemoryGiB: gibFromMiB(144384), regions: ["us-east-1", "us-east-2", "us-west-2", "ap-northeast-1"] };
const P6_B200: AwsFamily = { gpu: "b200", gpuMemoryGiB: gibFromMiB(183359), regions: ["us-east-1", "us-east-2", "us-west-2"] };

export const AWS_INSTANCE_TYPES: readonly InstanceType[] = deepFreeze([
  row(G4DN, { name: "g4dn.xlarge", gpus: 1, vcpus: 4, memoryGiB: 16, pricePerHour: 0.526, allocatable: [3920, 14481] }),
  row(G4DN, { name: "g4dn.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32, pricePerHour: 0.752, allocatable: [7910, 29636] }),
  row(G4DN, { name: "g4dn.4xlarge", gpus: 1, vcpus: 16, memoryGiB: 64, pricePerHour: 1.204, allocatable: [15890, 59946] }),
  row(G4DN, { name: "g4dn.8xlarge", gpus: 1, vcpus: 32, memoryGiB: 128, pricePerHour: 2.176, allocatable: [31850, 120248] }),
  row(G4DN, { name: "g4dn.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192, pricePerHour: 3.912, allocatable: [47810, 178933] }),
  row(G4DN, { name: "g4dn.16xlarge", gpus: 1, vcpus: 64, memoryGiB: 256, pricePerHour: 4.352, allocatable: [63770, 241490] }),
  row(G4DN, { name: "g4dn.metal", gpus: 8, vcpus: 96, memoryGiB: 384, pricePerHour: 7.824, allocatable: [95690, 355262] }),

  row(G5, { name: "g5.xlarge", gpus: 1, vcpus: 4, memoryGiB: 16, pricePerHour: 1.006, allocatable: [3920, 14162] }),
  row(G5, { name: "g5.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32, pricePerHour: 1.212, allocatable: [7910, 29317] }),
  row(G5, { name: "g5.4xlarge", gpus: 1, vcpus: 16, memoryGiB: 64, pricePerHour: 1.624, allocatable: [15890, 57691] }),
  row(G5, { name: "g5.8xlarge", gpus: 1, vcpus: 32, memoryGiB: 128, pricePerHour: 2.448, allocatable: [31850, 118312] }),
  row(G5, { name: "g5.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192, pricePerHour: 5.672, allocatable: [47810, 173400] }),
  row(G5, { name: "g5.16xlarge", gpus: 1, vcpus: 64, memoryGiB: 256, pricePerHour: 4.096, allocatable: [63770, 239554] }),
  row(G5, { name: "g5.24xlarge", gpus: 4, vcpus: 96, memoryGiB: 384, pricePerHour: 8.144, allocatable: [95690, 355262] }),
  row(G5, { name: "g5.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 768, pricePerHour: 16.288, allocatable: [191450, 723299] }),

  row(G6, { name: "g6.xlarge", gpus: 1, vcpus: 4, memoryGiB: 16, pricePerHour: 0.8048, allocatable: [3920, 14162] }),
  row(G6, { name: "g6.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32, pricePerHour: 0.9776, allocatable: [7910, 29317] }),
  row(G6, { name: "g6.4xlarge", gpus: 1, vcpus: 16, memoryGiB: 64, pricePerHour: 1.3232, allocatable: [15890, 57691] }),
  row(G6, { name: "g6.8xlarge", gpus: 1, vcpus: 32, memoryGiB: 128, pricePerHour: 2.0144, allocatable: [31850, 118312] }),
  row(G6, { name: "g6.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192, pricePerHour: 4.6016, allocatable: [47810, 178933] }),
  row(G6, { name: "g6.16xlarge", gpus: 1, vcpus: 64, memoryGiB: 256, pricePerHour: 3.3968, allocatable: [63770, 234021] }),
  row(G6, { name: "g6.24xlarge", gpus: 4, vcpus: 96, memoryGiB: 384, pricePerHour: 6.6752, allocatable: [95690, 355262] }),
  row(G6, { name: "g6.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 768, pricePerHour: 13.3504, allocatable: [191450, 718987] }),

  row(G6E, { name: "g6e.xlarge", gpus: 1, vcpus: 4, memoryGiB: 32, pricePerHour: 1.861, allocatable: [3920, 29317] }),
  row(G6E, { name: "g6e.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 64, pricePerHour: 2.24208, allocatable: [7910, 59627] }),
  row(G6E, { name: "g6e.4xlarge", gpus: 1, vcpus: 16, memoryGiB: 128, pricePerHour: 3.00424, allocatable: [15890, 118312] }),
  row(G6E, { name: "g6e.8xlarge", gpus: 1, vcpus: 32, memoryGiB: 256, pricePerHour: 4.52856, allocatable: [31850, 239554] }),
  row(G6E, { name: "g6e.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 384, pricePerHour: 10.49264, allocatable: [47810, 360157] }),
  row(G6E, { name: "g6e.16xlarge", gpus: 1, vcpus: 64, memoryGiB: 512, pricePerHour: 7.57719, allocatable: [63770, 476504] }),
  row(G6E, { name: "g6e.24xlarge", gpus: 4, vcpus: 96, memoryGiB: 768, pricePerHour: 15.06559, allocatable: [95690, 721682] }),
  row(G6E, { name: "g6e.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 1536, pricePerHour: 30.13118, allocatable: [191450, 1449132] }),

  row(P3, { name: "p3.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 61, pricePerHour: 3.06, allocatable: [7910, 56786] }),
  row(P3, { name: "p3.8xlarge", gpus: 4, vcpus: 32, memoryGiB: 244, pricePerHour: 12.24, allocatable: [31850, 228187] }),
  row(P3, { name: "p3.16xlarge", gpus: 8, vcpus: 64, memoryGiB: 488, pricePerHour: 24.48, allocatable: [63770, 459304] }),
  row(P3DN, { name: "p3dn.24xlarge", gpus: 8, vcpus: 96, memoryGiB: 768, pricePerHour: 31.212, allocatable: [95690, 718987] }),

  row(P4D, { name: "p4d.24xlarge", gpus: 8, vcpus: 96, memoryGiB: 1152, pricePerHour: 21.957642, allocatable: [95690, 1082712] }),
  row(P4DE, { name: "p4de.24xlarge", gpus: 8, vcpus: 96, memoryGiB: 1152, pricePerHour: 27.44705, allocatable: [95690, 1082712] }),

  row(P5, { name: "p5.4xlarge", gpus: 1, vcpus: 16, memoryGiB: 256, pricePerHour: 6.88, allocatable: [15890, 240830] }),
  row(P5, { name: "p5.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 2048, pricePerHour: 55.04, allocatable: [191450, 1938410] }),
  row(P5E, { name: "p5e.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 2048, pricePerHour: null, allocatable: [191450, 1938410] }),
  row(P5EN, { name: "p5en.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 2048, pricePerHour: 63.296, allocatable: [191450, 1937332] }),

  row(P6_B200, { name: "p6-b200.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 2048, pricePerHour: 113.9328, allocatable: [191450, 1937332] }),
]);
