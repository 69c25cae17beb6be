import { deepFreeze } from "../freeze";
import type { CpuInstanceType } from "../types";
import { CpuFamily, cpuRow, CpuSize } from "./cpu-rows";

/**
 * Azure CPU VM sizes for AKS user pools of workloads without GPUs: Dsv5 (general purpose), Fsv2
 * (compute-optimised) and Esv5 (memory-optimised), 2 to 96 vCPUs, premium-storage capable.
 *
 * Sources:
 * - vCPUs, memory and AKS eligibility: the AKS VM-size constants of Aspire.Hosting.Azure.Kubernetes
 *   13.3.0-preview (aspire.dev/reference/api/csharp/aspire.hosting.azure.kubernetes/standarddsv5,
 *   standardfsv2, standardesv5; generated from Azure Resource SKUs, "filtered to VM sizes
 *   compatible with AKS node pools"), read 2026-12. E96s_v5 has 672 GiB, not 768.
 * - Prices: on-demand Linux USD/h in eastus from Azure/karpenter-provider-azure
 *   `pkg/providers/pricing/zz_generated.pricing.go`, "generated at 2026-06-18T03:43:41Z" (last
 *   changed in commit 2b431da1), the file ../prices/azure.json is made from.
 * - Regions: the regions that file prices each size in (all 57 price all 27 sizes), less
 *   austriaeast and swedensouth, which regions.ts does not list yet.
 */

const EASTUS = "eastus";

const REGIONS = [
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "brazilsouth", "brazilsoutheast",
  "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral", "eastasia", "eastus", "eastus2",
  "francecentral", "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral",
  "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth",
  "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest",
  "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southeastasia",
  "southindia", "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth",
  "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
];

const DSV5: CpuFamily = { kind: "general", priceRegion: EASTUS, regions: REGIONS };
const FSV2: CpuFamily = { kind: "compute", priceRegion: EASTUS, regions: REGIONS };
const ESV5: CpuFamily = { kind: "memory", priceRegion: EASTUS, regions: REGIONS };

function row(family: CpuFamily, size: CpuSize): CpuInstanceType {
  return cpuRow("azure", family, size);
}

export const AZURE_CPU_INSTANCE_TYPES: readonly CpuInstanceType[] = deepFreeze([
  row(DSV5, { name: "Standard_D2s_v5", vcpus: 2, memoryGiB: 8, pricePerHour: 0.096 }),
  row(DSV5, { name: "Standard_D4s_v5", vcpus: 4, memoryGiB: 16, pricePerHour: 0.192 }),
  row(DSV5, { name: "Standard_D8s_v5", vcpus: 8, memoryGiB: 32, pricePerHour: 0.384 }),
  row(DSV5, { name: "Standard_D16s_v5", vcpus: 16, memoryGiB: 64, pricePerHour: 0.768 }),
  row(DSV5, { name: "Standard_D32s_v5", vcpus: 32, memoryGiB: 128, pricePerHour: 1.536 }),
  row(DSV5, { name: "Standard_D48s_v5", vcpus: 48, memoryGiB: 192, pricePerHour: 2.304 }),
  row(DSV5, { name: "Standard_D64s_v5", vcpus: 64, memoryGiB: 256, pricePerHour: 3.072 }),
  row(DSV5, { name: "Standard_D96s_v5", vcpus: 96, memoryGiB: 384, pricePerHour: 4.608 }),

  row(FSV2, { name: "Standard_F2s_v2", vcpus: 2, memoryGiB: 4, pricePerHour: 0.0846 }),
  row(FSV2, { name: "Standard_F4s_v2", vcpus: 4, memoryGiB: 8, pricePerHour: 0.169 }),
  row(FSV2, { name: "Standard_F8s_v2", vcpus: 8, memoryGiB: 16, pricePerHour: 0.338 }),
  row(FSV2, { name: "Standard_F16s_v2", vcpus: 16, memoryGiB: 32, pricePerHour: 0.677 }),
  row(FSV2, { name: "Standard_F32s_v2", vcpus: 32, memoryGiB: 64, pricePerHour: 1.353 }),
  row(FSV2, { name: "Standard_F48s_v2", vcpus: 48, memoryGiB: 96, pricePerHour: 2.03 }),
  row(FSV2, { name: "Standard_F64s_v2", vcpus: 64, memoryGiB: 128, pricePerHour: 2.706 }),
  row(FSV2, { name: "Standard_F72s_v2", vcpus: 72, memoryGiB: 144, pricePerHour: 3.045 }),

  row(ESV5, { name: "Standard_E2s_v5", vcpus: 2, memoryGiB: 16, pricePerHour: 0.126 }),
  row(ESV5, { name: "Standard_E4s_v5", vcpus: 4, memoryGiB: 32, pricePerHour: 0.252 }),
  row(ESV5, { name: "Standard_E8s_v5", vcpus: 8, memoryGiB: 64, pricePerHour: 0.504 }),
  row(ESV5, { name: "Standard_E16s_v5", vcpus: 16, memoryGiB: 128, pricePerHour: 1.008 }),
  row(ESV5, { name: "Standard_E20s_v5", vcpus: 20, memoryGiB: 160, pricePerHour: 1.26 }),
  row(ESV5, { name: "Standard_E32s_v5", vcpus: 32, memoryGiB: 256, pricePerHour: 2.016 }),
  row(ESV5, { name: "Standard_E48s_v5", vcpus: 48, memoryGiB: 384, pricePerHour: 3.024 }),
  row(ESV5, { name: "Standard_E64s_v5", vcpus: 64, memoryGiB: 512, pricePerHour: 4.032 }),
  row(ESV5, { name: "Standard_E96s_v5", vcpus: 96, memoryGiB: 672, pricePerHour: 6.048 }),
]);
