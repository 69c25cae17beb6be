import { deepFreeze } from "../freeze";
import type { InstanceType } from "../types";
import { Family, instanceRow, Shape } from "./rows";

/**
 * Azure VM sizes an AKS user node pool can use for GPUs (whole NVIDIA GPUs, Linux).
 *
 * Sources (shared/reference/gpu-catalog.md §3.1):
 * - GPUs, GPU memory, vCPUs, memory: MicrosoftDocs/azure-compute-docs
 *   `articles/virtual-machines/sizes/gpu-accelerated/*-series.md` (read 2026-08); NCads_A10_v4 from
 *   the AKS VM-size constants of Aspire.Hosting.Azure.Kubernetes (the docs page was not read: its
 *   per-GPU memory is taken as the A10's 24 GB).
 * - Prices: on-demand Linux USD/h from Azure/karpenter-provider-azure
 *   `pkg/providers/pricing/zz_generated.pricing.go`, "generated at 2026-06-18T03:43:41Z".
 *
 * Price region rule. Prices are quoted for eastus, the catalogue's Azure price region, and the
 * planner compares them as they are. Two families have no eastus price in the source:
 * - NCads_A10_v4 is not sold in eastus at all. Its rows carry the southcentralus prices (the one
 *   region the source prices all three sizes in) with `priceRegion: "southcentralus"`, so plans
 *   in the regions that sell it are priced and say where the number comes from. The source's
 *   westus3 price for NC8ads (1.10) is below southcentralus (1.32): a westus3 plan overstates the
 *   cost, it never understates it.
 * - ND H200 v5 has no eastus price, and its documented prices differ by 13 % between regions
 *   (84.80 in eastus2 and westus3, 95.824 in centralus): no single number stands for it, so it
 *   stays null and the planner never picks it silently.
 *
 * Regions: Azure "products available by region" and the series pages as best known on 2026-08;
 * approximate.
 *
 * Not included: NVadsA10_v5 partial-GPU sizes (vGPU/GRID graphics, no `nvidia.com/gpu`),
 * Standard_ND96is_H100_v5 (ND96isr without the InfiniBand an 8-GPU node is bought for; 88.488 in
 * the source, availability unverified), confidential NCC H100 v5 (vCPUs and memory unknown).
 */

const EASTUS = "eastus";

function row(family: Family, shape: Shape): InstanceType {
  return instanceRow("azure", family, shape);
}

const NC_T4_V3: Family = {
  gpu: "t4",
  gpuMemoryGiB: 16,
  priceRegion: EASTUS,
  regions: [
    "eastus", "eastus2", "southcentralus", "westus2", "westus3", "northcentralus", "canadacentral", "brazilsouth",
    "northeurope", "westeurope", "uksouth", "francecentral", "germanywestcentral", "swedencentral",
    "centralindia", "southeastasia", "japaneast", "koreacentral", "australiaeast",
  ],
};
// The regions the price source lists it in; it has more, unverified here.
const NC_A10_V4: Family = { gpu: "a10", gpuMemoryGiB: 24, priceRegion: "southcentralus", regions: ["southcentralus", "westus3"] };
const NV_A10_V5: Family = {
  gpu: "a10",
  gpuMemoryGiB: 24,
  priceRegion: EASTUS,
  regions: [
    "eastus", "eastus2", "southcentralus", "westus2", "westus3", "northcentralus",
    "northeurope", "westeurope", "uksouth", "swedencentral", "southeastasia", "australiaeast", "centralindia",
  ],
};
const NC_A100_V4: Family = {
  gpu: "a100-80gb",
  gpuMemoryGiB: 80,
  priceRegion: EASTUS,
  regions: ["eastus", "eastus2", "southcentralus", "westus2", "westus3", "northeurope", "westeurope", "uksouth", "swedencentral", "australiaeast"],
};
const ND_A100_V4: Family = {
  gpu: "a100-40gb",
  gpuMemoryGiB: 40,
  priceRegion: EASTUS,
  regions: ["eastus", "southcentralus", "westus2", "westeurope", "uksouth"],
};
const NDM_A100_V4: Family = {
  gpu: "a100-80gb",
  gpuMemoryGiB: 80,
  priceRegion: EASTUS,
  regions: ["eastus", "southcentralus", "westus2", "westus3", "westeurope"],
};
const NC_H100_V5: Family = {
  gpu: "h100-nvl",
  gpuMemoryGiB: 94,
  priceRegion: EASTUS,
  regions: ["eastus", "eastus2", "southcentralus", "westus3", "swedencentral"],
};
const ND_H100_V5: Family = {
  gpu: "h100",
  gpuMemoryGiB: 80,
  priceRegion: EASTUS,
  regions: ["eastus", "eastus2", "southcentralus", "westus3", "westeurope", "swedencentral", "uksouth"],
};
// Not sold in eastus as far as the price source shows; it prices eastus2, westus3 and centralus.
const ND_H200_V5: Family = { gpu: "h200", gpuMemoryGiB: 141, priceRegion: EASTUS, regions: ["eastus2", "westus3", "centralus", "swedencentral"] };

export const AZURE_INSTANCE_TYPES: readonly InstanceType[] = deepFreeze([
  row(NC_T4_V3, { name: "Standard_NC4as_T4_v3", gpus: 1, vcpus: 4, memoryGiB: 28, pricePerHour: 0.526 }),
  row(NC_T4_V3, { name: "Standard_NC8as_T4_v3", gpus: 1, vcpus: 8, memoryGiB: 56, pricePerHour: 0.752 }),
  row(NC_T4_V3, { name: "Standard_NC16as_T4_v3", gpus: 1, vcpus: 16, memoryGiB: 110, pricePerHour: 1.204 }),
  row(NC_T4_V3, { name: "Standard_NC64as_T4_v3", gpus: 4, vcpus: 64, memoryGiB: 440, pricePerHour: 4.352 }),

  row(NC_A10_V4, { name: "Standard_NC8ads_A10_v4", gpus: 1, vcpus: 8, memoryGiB: 100, pricePerHour: 1.32 }),
  row(NC_A10_V4, { name: "Standard_NC16ads_A10_v4", gpus: 1, vcpus: 16, memoryGiB: 200, pricePerHour: 2.64 }),
  row(NC_A10_V4, { name: "Standard_NC32ads_A10_v4", gpus: 2, vcpus: 32, memoryGiB: 400, pricePerHour: 5.28 }),

  row(NV_A10_V5, { name: "Standard_NV36ads_A10_v5", gpus: 1, vcpus: 36, memoryGiB: 440, pricePerHour: 3.2 }),
  row(NV_A10_V5, { name: "Standard_NV36adms_A10_v5", gpus: 1, vcpus: 36, memoryGiB: 880, pricePerHour: 4.52 }),
  row(NV_A10_V5, { name: "Standard_NV72ads_A10_v5", gpus: 2, vcpus: 72, memoryGiB: 880, pricePerHour: 6.52 }),

  row(NC_A100_V4, { name: "Standard_NC24ads_A100_v4", gpus: 1, vcpus: 24, memoryGiB: 220, pricePerHour: 3.673 }),
  row(NC_A100_V4, { name: "Standard_NC48ads_A100_v4", gpus: 2, vcpus: 48, memoryGiB: 440, pricePerHour: 7.346 }),
  row(NC_A100_V4, { name: "Standard_NC96ads_A100_v4", gpus: 4, vcpus: 96, memoryGiB: 880, pricePerHour: 14.692 }),
  row(ND_A100_V4, { name: "Standard_ND96asr_v4", gpus: 8, vcpus: 96, memoryGiB: 900, pricePerHour: 27.197 }),
  row(NDM_A100_V4, { name: "Standard_ND96amsr_A100_v4", gpus: 8, vcpus: 96, memoryGiB: 1900, pricePerHour: 32.77 }),

  row(NC_H100_V5, { name: "Standard_NC40ads_H100_v5", gpus: 1, vcpus: 40, memoryGiB: 320, pricePerHour: 6.98 }),
  row(NC_H100_V5, { name: "Standard_NC80adis_H100_v5", gpus: 2, vcpus: 80, memoryGiB: 640, pricePerHour: 13.96 }),
  row(ND_H100_V5, { name: "Standard_ND96isr_H100_v5", gpus: 8, vcpus: 96, memoryGiB: 1900, pricePerHour: 98.32 }),
  row(ND_H200_V5, { name: "Standard_ND96isr_H200_v5", gpus: 8, vcpus: 96, memoryGiB: 1850, pricePerHour: null }),
]);
