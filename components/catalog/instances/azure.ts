import { InstanceType } from "../types";

// TODO(catalog): seed rows only.
export const AZURE_INSTANCE_TYPES: readonly InstanceType[] = Object.freeze([
  { name: "Standard_NC24ads_A100_v4", cloud: "azure", machineType: "Standard_NC24ads_A100_v4", gpu: "a100-80gb", gpus: 1, gpuMemoryGiB: 80, vcpus: 24, memoryGiB: 220, pricePerHour: 3.673, priceRegion: "eastus", regions: ["eastus"] },
]);
