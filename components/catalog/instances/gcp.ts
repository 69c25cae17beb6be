import { InstanceType } from "../types";

// TODO(catalog): seed rows only.
export const GCP_INSTANCE_TYPES: readonly InstanceType[] = Object.freeze([
  { name: "g2-standard-4", cloud: "gcp", machineType: "g2-standard-4", acceleratorType: "nvidia-l4", gpu: "l4", gpus: 1, gpuMemoryGiB: 24, vcpus: 4, memoryGiB: 16, pricePerHour: 0.706832, priceRegion: "us-central1", regions: ["us-central1"] },
]);
