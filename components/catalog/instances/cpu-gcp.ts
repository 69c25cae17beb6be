import { deepFreeze } from "../freeze";
import type { CpuInstanceType } from "../types";
import { CpuFamily, cpuRow, CpuSize } from "./cpu-rows";

/**
 * GCE CPU machine types for worker pools of workloads without GPUs: N2 standard (general), highcpu
 * (compute) and highmem (memory), 2 to 96 vCPUs. The 128-vCPU sizes are left out, as on AWS.
 *
 * Sources:
 * - vCPUs, memory (GCP's "GB" are GiB) and regions: `gcloud compute machine-types list` as
 *   published in Cyclenerd/google-cloud-pricing-cost-calculator `tools/machinetyperegion.csv`
 *   (last changed in commit 8bf3293a, 2026-08-17). Every size is in the same 40 regions there.
 * - GKE: "GKE supports most of the available Compute Engine machine types, with some exceptions"
 *   (docs.cloud.google.com/kubernetes-engine/docs/concepts/machine-support, read 2026-12);
 *   N2 is not among the exceptions.
 * - Prices: on-demand USD/h in us-central1 from cloudpilot-ai/karpenter-provider-gcp
 *   `pkg/providers/pricing/initial-prices.json` (refresh commit 373e2baa, 2026-08-03), the same
 *   file ../prices/gcp.json is made from. They equal the per-unit N2 list prices (0.031611 per
 *   vCPU-hour, 0.004237 per GiB-hour) times the shape.
 */

const US_CENTRAL1 = "us-central1";

const N2_REGIONS = [
  "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
  "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1", "australia-southeast2",
  "europe-central2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west10", "europe-west12",
  "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9",
  "me-central1", "me-central2", "me-west1", "northamerica-northeast1", "northamerica-northeast2",
  "southamerica-east1", "southamerica-west1",
  "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
];

const N2_STANDARD: CpuFamily = { kind: "general", priceRegion: US_CENTRAL1, regions: N2_REGIONS };
const N2_HIGHCPU: CpuFamily = { kind: "compute", priceRegion: US_CENTRAL1, regions: N2_REGIONS };
const N2_HIGHMEM: CpuFamily = { kind: "memory", priceRegion: US_CENTRAL1, regions: N2_REGIONS };

function row(family: CpuFamily, size: CpuSize): CpuInstanceType {
  return cpuRow("gcp", family, size);
}

export const GCP_CPU_INSTANCE_TYPES: readonly CpuInstanceType[] = deepFreeze([
  row(N2_STANDARD, { name: "n2-standard-2", vcpus: 2, memoryGiB: 8, pricePerHour: 0.097118 }),
  row(N2_STANDARD, { name: "n2-standard-4", vcpus: 4, memoryGiB: 16, pricePerHour: 0.194236 }),
  row(N2_STANDARD, { name: "n2-standard-8", vcpus: 8, memoryGiB: 32, pricePerHour: 0.388472 }),
  row(N2_STANDARD, { name: "n2-standard-16", vcpus: 16, memoryGiB: 64, pricePerHour: 0.776944 }),
  row(N2_STANDARD, { name: "n2-standard-32", vcpus: 32, memoryGiB: 128, pricePerHour: 1.553888 }),
  row(N2_STANDARD, { name: "n2-standard-48", vcpus: 48, memoryGiB: 192, pricePerHour: 2.330832 }),
  row(N2_STANDARD, { name: "n2-standard-64", vcpus: 64, memoryGiB: 256, pricePerHour: 3.107776 }),
  row(N2_STANDARD, { name: "n2-standard-80", vcpus: 80, memoryGiB: 320, pricePerHour: 3.88472 }),
  row(N2_STANDARD, { name: "n2-standard-96", vcpus: 96, memoryGiB: 384, pricePerHour: 4.661664 }),

  row(N2_HIGHCPU, { name: "n2-highcpu-2", vcpus: 2, memoryGiB: 2, pricePerHour: 0.071696 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-4", vcpus: 4, memoryGiB: 4, pricePerHour: 0.143392 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-8", vcpus: 8, memoryGiB: 8, pricePerHour: 0.286784 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-16", vcpus: 16, memoryGiB: 16, pricePerHour: 0.573568 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-32", vcpus: 32, memoryGiB: 32, pricePerHour: 1.147136 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-48", vcpus: 48, memoryGiB: 48, pricePerHour: 1.720704 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-64", vcpus: 64, memoryGiB: 64, pricePerHour: 2.294272 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-80", vcpus: 80, memoryGiB: 80, pricePerHour: 2.86784 }),
  row(N2_HIGHCPU, { name: "n2-highcpu-96", vcpus: 96, memoryGiB: 96, pricePerHour: 3.441408 }),

  row(N2_HIGHMEM, { name: "n2-highmem-2", vcpus: 2, memoryGiB: 16, pricePerHour: 0.131014 }),
  row(N2_HIGHMEM, { name: "n2-highmem-4", vcpus: 4, memoryGiB: 32, pricePerHour: 0.262028 }),
  row(N2_HIGHMEM, { name: "n2-highmem-8", vcpus: 8, memoryGiB: 64, pricePerHour: 0.524056 }),
  row(N2_HIGHMEM, { name: "n2-highmem-16", vcpus: 16, memoryGiB: 128, pricePerHour: 1.048112 }),
  row(N2_HIGHMEM, { name: "n2-highmem-32", vcpus: 32, memoryGiB: 256, pricePerHour: 2.096224 }),
  row(N2_HIGHMEM, { name: "n2-highmem-48", vcpus: 48, memoryGiB: 384, pricePerHour: 3.144336 }),
  row(N2_HIGHMEM, { name: "n2-highmem-64", vcpus: 64, memoryGiB: 512, pricePerHour: 4.192448 }),
  row(N2_HIGHMEM, { name: "n2-highmem-80", vcpus: 80, memoryGiB: 640, pricePerHour: 5.24056 }),
  row(N2_HIGHMEM, { name: "n2-highmem-96", vcpus: 96, memoryGiB: 768, pricePerHour: 6.288672 }),
]);
