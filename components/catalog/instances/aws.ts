import { InstanceType } from "../types";

// TODO(catalog): seed rows only; the full table comes from shared/reference/gpu-catalog.md.
const US_EAST_1 = "us-east-1";
const REGIONS = ["us-east-1", "us-east-2", "us-west-2"];

export const AWS_INSTANCE_TYPES: readonly InstanceType[] = Object.freeze([
  { name: "g6.xlarge", cloud: "aws", machineType: "g6.xlarge", gpu: "l4", gpus: 1, gpuMemoryGiB: 22.35, vcpus: 4, memoryGiB: 16, pricePerHour: 0.8048, priceRegion: US_EAST_1, regions: REGIONS },
  { name: "p4de.24xlarge", cloud: "aws", machineType: "p4de.24xlarge", gpu: "a100-80gb", gpus: 8, gpuMemoryGiB: 80, vcpus: 96, memoryGiB: 1152, pricePerHour: 27.44705, priceRegion: US_EAST_1, regions: REGIONS },
]);
